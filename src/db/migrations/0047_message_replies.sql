-- Replies to customer emails carry their text (docs/messaging.md, "Replies and bounces"): the timeline shows it.
alter table message_events add column detail text;
