-- A survey can go out by itself when a support ticket is closed (docs/surveys.md): to the ticket's requester,
-- once per ticket. ticket_close_since keeps tickets closed before the trigger was switched on from being surveyed.
alter table surveys add column on_ticket_close boolean not null default false;
alter table surveys add column ticket_close_since timestamptz;
alter table survey_sends add column ticket_id uuid references tickets (id) on delete set null;
-- The claim that makes a ticket's survey exactly-once, however many times the trigger runs.
create unique index survey_sends_ticket_idx on survey_sends (survey_id, ticket_id) where ticket_id is not null;
