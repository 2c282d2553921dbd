-- The day of each account's latest primary-scorecard snapshot and the colour of its snapshot the day
-- before (health, written with the score): the Home's "health changed since yesterday" is then read with
-- the book's other figures, instead of two snapshots looked up for each of a CSM's 2,000 accounts.
alter table account_facts
  add column health_day date,
  add column health_color_before text check (health_color_before in ('red', 'yellow', 'green'));

-- Filled now, as the health refresh fills them (src/modules/health/health.read.ts), so the Home shows the
-- day's changes straight after the upgrade rather than after the next hourly pass.
update account_facts f set health_day = l.day, health_color_before = l.color_before
from (
  select distinct on (h.account_id) h.account_id, h.day, b.color as color_before
  from health_snapshots h
  join health_scorecards c on c.id = h.scorecard_id and c.is_primary and c.active
  left join health_snapshots b on b.scorecard_id = h.scorecard_id and b.account_id = h.account_id and b.day = h.day - 1
  order by h.account_id, h.day desc
) l
where l.account_id = f.account_id;
