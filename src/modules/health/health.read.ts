import { sql } from 'kysely';
import type { Trend } from '../../shared/health.js';
import { trendOf } from './analysis.js';

/**
 * The health read model: each account's latest score on the primary scorecard, its colour and its
 * change over 30 days (null without a snapshot 30 days before), the day of that snapshot and the colour
 * of the one the day before (null without one: the Home's changes since yesterday), as columns of account_facts
 * (the accounts module writes them; docs/lists.md). One row per account; all accounts without `scope`.
 */
export function currentHealthFacts(scope?: readonly string[]) {
  const inScope = scope ? sql`where h.account_id = any(${[...scope]}::uuid[])` : sql``;
  return sql`
    select distinct on (h.account_id) h.account_id, h.score::float8 as health_score, h.color as health_color,
      (h.score - p.score)::float8 as health_trend, h.day as health_day, b.color as health_color_before
    from health_snapshots h
    join health_scorecards c on c.id = h.scorecard_id and c.is_primary and c.active
    left join health_snapshots p on p.scorecard_id = h.scorecard_id and p.account_id = h.account_id and p.day = h.day - 30
    left join health_snapshots b on b.scorecard_id = h.scorecard_id and b.account_id = h.account_id and b.day = h.day - 1
    ${inScope}
    order by h.account_id, h.day desc`;
}

/**
 * The 30-day trend word (up / flat / down; null without a score 30 days before) of an account_facts row's
 * health_score and health_trend, as the 360 and the health pages word it.
 */
export function factTrend(score: number | null, change: number | null): Trend {
  return score === null || change === null ? null : trendOf(score, score - change);
}
