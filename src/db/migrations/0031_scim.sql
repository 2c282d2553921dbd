-- SCIM 2.0 user provisioning (docs/scim.md). The people themselves stay in `users` (owned by the users module);
-- these tables hold what the identity provider says about them, its groups, and the credentials it uses.

-- Bearer tokens the identity provider presents on /scim/v2; stored as SHA-256 digests, shown once.
create table scim_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  rotated_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- The SCIM face of a user: the provider's userName and externalId, name parts as sent. A user without a row
-- (made by an admin) is still listed, with their email as userName, so a provider can match and adopt them.
create table scim_users (
  user_id uuid primary key references users(id) on delete cascade,
  user_name text not null,
  external_id text,
  given_name text,
  family_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- DELETE /Users/:id deactivates the person (the user row stays, docs/scim.md) and hides them from SCIM;
  -- a later POST with the same userName provisions them again.
  deleted_at timestamptz
);
create unique index scim_users_user_name_key on scim_users (lower(user_name));
create index scim_users_external_id_idx on scim_users (external_id);

create table scim_groups (
  id uuid primary key default gen_random_uuid(),
  display_name text not null,
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index scim_groups_display_name_key on scim_groups (lower(display_name));

create table scim_group_members (
  group_id uuid not null references scim_groups(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  primary key (group_id, user_id)
);
create index scim_group_members_user_idx on scim_group_members (user_id);

-- An admin's choice: members of the group with this display name get this role (highest wins; docs/scim.md).
create table scim_role_mappings (
  group_name text not null,
  role text not null check (role in ('admin','cs_manager','csm','onboarding','sales','support','viewer')),
  created_at timestamptz not null default now()
);
create unique index scim_role_mappings_group_key on scim_role_mappings (lower(group_name));

-- The last requests the provider made (the settings page shows them); trimmed to the newest few hundred.
create table scim_requests (
  id bigserial primary key,
  token_id uuid references scim_tokens(id) on delete set null,
  method text not null,
  path text not null,
  status integer not null,
  at timestamptz not null default now()
);
