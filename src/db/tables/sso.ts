/** Kysely table types of single sign-on (0032, 0050, docs/sso.md). Kept by hand next to the migration they mirror. */
import type { CreatedAt, Defaulted, Instant, JsonDefaulted, Timestamp } from './columns.js';
import type { Role } from './hub.js';

export interface SsoConfigTable {
  id: Defaulted<boolean>;
  enabled: Defaulted<boolean>;
  issuer_url: Defaulted<string>;
  client_id: Defaulted<string>;
  client_secret: string | null;
  role_claim: Defaulted<string>;
  role_map: JsonDefaulted<{ value: string; role: Role }[]>;
  jit_enabled: Defaulted<boolean>;
  default_role: Defaulted<Role>;
  enforced_domains: JsonDefaulted<string[]>;
  /** 0050: which sign-in the connection speaks. */
  provider: Defaulted<'oidc' | 'feishu' | 'dingtalk' | 'wecom'>;
  agent_id: Defaulted<string>;
  base_url: Defaulted<string>;
  updated_at: Timestamp;
}

export interface SsoRequestsTable {
  state_hash: string;
  nonce: string;
  code_verifier: string;
  created_at: CreatedAt;
  expires_at: Instant;
}
