-- Single sign-on with OpenID Connect (docs/sso.md). One configuration per install: the row whose id is true.
create table sso_config (
  id boolean primary key default true check (id),
  enabled boolean not null default false,
  issuer_url text not null default '',
  client_id text not null default '',
  -- Sent to the identity provider with each code exchange, so it is kept as entered (like a chat robot's
  -- signing secret); the API shows back only its last four characters, and the audit log never.
  client_secret text,
  role_claim text not null default 'groups',
  -- [{ "value": "tenure-admins", "role": "admin" }, …]: the first listed value the claim holds wins.
  role_map jsonb not null default '[]',
  jit_enabled boolean not null default true,
  default_role text not null default 'viewer'
    check (default_role in ('admin','cs_manager','csm','onboarding','sales','support','viewer')),
  -- Lower-case email domains whose people must sign in through SSO (password sign-in refused).
  enforced_domains jsonb not null default '[]',
  updated_at timestamptz not null default now()
);

-- A sign-in under way: what the callback must find again (state), prove (PKCE verifier) and expect in the
-- id_token (nonce). Kept in the database so any API process can take the callback; used once.
create table sso_requests (
  state_hash text primary key,
  nonce text not null,
  code_verifier text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sso_requests_expires_idx on sso_requests (expires_at);
