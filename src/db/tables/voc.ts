/** Kysely table types of the voice of the customer (0039, docs/voc.md). Kept by hand next to the migration. */
import type { Generated } from 'kysely';
import type { CreatedAt, NullableInstant, Timestamp } from './columns.js';

export interface VocCategoriesTable {
  id: Generated<string>;
  key: string | null;
  name_zh: string;
  name_en: string;
  position: Generated<number>;
  archived_at: NullableInstant;
  created_at: CreatedAt;
}

export interface VocTagsTable {
  id: Generated<string>;
  category_id: string;
  name_zh: string;
  name_en: string;
  product_area: string | null;
  archived_at: NullableInstant;
  created_at: CreatedAt;
}

export interface VocTagLinksTable {
  tag_id: string;
  item_type: 'activity' | 'ticket' | 'nps';
  item_id: string;
  account_id: string;
  item_at: Timestamp;
  tagged_by: string | null;
  tagged_at: CreatedAt;
}

export interface FeatureRequestsTable {
  id: Generated<string>;
  title: string;
  description: string | null;
  product_area: string | null;
  status: Generated<'new' | 'planned' | 'shipped' | 'declined'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  shipped_at: NullableInstant;
}

export interface FeatureRequestAccountsTable {
  request_id: string;
  account_id: string;
  contact_id: string | null;
  source_type: 'activity' | 'ticket' | 'nps' | null;
  source_id: string | null;
  added_by: string | null;
  added_at: CreatedAt;
  loop_claimed_at: NullableInstant;
  loop_cta_id: string | null;
}
