-- Sign-in attempts, counted per key — a digest of the client address or of the email — in a
-- one-minute window that starts at the key's first attempt. In the database, not in memory, so
-- every API process counts against the same limit. Rows older than the window are deleted as
-- new attempts come in.
create table login_attempts (
  key text primary key,
  window_start timestamptz not null,
  attempts integer not null
);
create index login_attempts_window_idx on login_attempts (window_start);
