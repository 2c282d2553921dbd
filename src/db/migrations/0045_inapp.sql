-- In-app messages (docs/inapp.md): a fourth messaging channel shown by the JavaScript snippet (/inapp.js)
-- to an identified user of the customer's product, and the secret that signs that identity.
alter table message_templates drop constraint message_templates_channel_check;
alter table message_templates add constraint message_templates_channel_check
  check (channel in ('email', 'sms', 'webhook', 'in_app'));
-- In-app only: {"style": "modal" | "banner", "buttonUrl": "https://…" | null}; the button's label is per
-- language, in content.<locale>.button.
alter table message_templates add column in_app jsonb;

-- 'view': the snippet showed an in-app message (its "open").
alter table message_events drop constraint message_events_type_check;
alter table message_events add constraint message_events_type_check
  check (type in ('open', 'click', 'bounce', 'reply', 'unsubscribe', 'view'));

-- An in-app message is pending (queued, then sent once viewed) until dismissed or clicked.
alter table message_sends add column dismissed_at timestamptz;
create index message_sends_inapp_pending_idx on message_sends (contact_id, claimed_at)
  where channel = 'in_app' and dismissed_at is null;

-- The in-app identity secret: userHash = hex HMAC-SHA256(secret, userId), computed by the customer's server.
-- Null until an admin makes one; shown only when made or rotated.
alter table messaging_settings add column inapp_secret text;
