/** Kysely table types of SCIM provisioning (migration 0031, docs/scim.md). Kept by hand next to the migration. */
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './columns.js';
import type { Role } from './hub.js';

export interface ScimTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  prefix: string;
  created_by: string | null;
  created_at: CreatedAt;
  rotated_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ScimUsersTable {
  user_id: string;
  user_name: string;
  external_id: string | null;
  given_name: string | null;
  family_name: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  deleted_at: Date | null;
}

export interface ScimGroupsTable {
  id: Generated<string>;
  display_name: string;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ScimGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface ScimRoleMappingsTable {
  group_name: string;
  role: Role;
  created_at: CreatedAt;
}

export interface ScimRequestsTable {
  id: Generated<number>;
  token_id: string | null;
  method: string;
  path: string;
  status: number;
  at: CreatedAt;
}
