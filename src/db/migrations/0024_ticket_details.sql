-- Tickets written through the API (issue 13): what kind of ticket it is, and the customer's
-- satisfaction rating once it is answered (CSAT, 1–5). Both optional: imported tickets may carry
-- neither, and a ticket has no rating until the customer gives one.
alter table tickets
  add column type text check (type in ('question', 'problem', 'bug', 'feature_request', 'incident')),
  add column csat smallint check (csat between 1 and 5);

-- The Support tab lists an account's tickets newest first, open ones on their own.
create index tickets_account_open_idx on tickets (account_id, opened_at desc) where closed_at is null;
