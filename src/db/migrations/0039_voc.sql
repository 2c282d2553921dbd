-- Voice of the customer (docs/voc.md): a tag taxonomy (category → tag, named in both languages) applied to
-- activities, tickets and NPS answers, and feature requests linked to the accounts that asked for them.

create table voc_categories (
  id uuid primary key default gen_random_uuid(),
  -- The seeded categories' stable key (problem, request, opportunity); null for those added later.
  key text unique,
  name_zh text not null,
  name_en text not null,
  position int not null default 0,
  -- Archived rather than deleted once a tag of it was used: the history keeps its words.
  archived_at timestamptz,
  created_at timestamptz not null default now()
);

create table voc_tags (
  id uuid primary key default gen_random_uuid(),
  category_id uuid not null references voc_categories (id),
  name_zh text not null,
  name_en text not null,
  -- The product area the tag belongs to (free text: "Reports", "Mobile app" …).
  product_area text,
  archived_at timestamptz,
  created_at timestamptz not null default now()
);
create index voc_tags_category_idx on voc_tags (category_id);

-- One tag on one item: an activity (note, call, meeting …), a ticket or an NPS answer. The item's account and
-- time are copied when tagged, so the report reads this table alone (items are the timeline's, tickets' and
-- surveys'; this module reads them only through their read models).
create table voc_tag_links (
  tag_id uuid not null references voc_tags (id),
  item_type text not null check (item_type in ('activity', 'ticket', 'nps')),
  item_id uuid not null,
  account_id uuid not null references accounts (id) on delete cascade,
  item_at timestamptz not null,
  tagged_by uuid references users (id) on delete set null,
  tagged_at timestamptz not null default now(),
  primary key (item_type, item_id, tag_id)
);
create index voc_tag_links_account_idx on voc_tag_links (account_id);
create index voc_tag_links_at_idx on voc_tag_links (item_at);
create index voc_tag_links_tag_idx on voc_tag_links (tag_id);

create table feature_requests (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  description text,
  product_area text,
  status text not null default 'new' check (status in ('new', 'planned', 'shipped', 'declined')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  shipped_at timestamptz
);
create index feature_requests_status_idx on feature_requests (status);

-- The accounts (and optionally the contact and the note, ticket or NPS answer) behind a request.
create table feature_request_accounts (
  request_id uuid not null references feature_requests (id) on delete cascade,
  account_id uuid not null references accounts (id) on delete cascade,
  contact_id uuid references contacts (id) on delete set null,
  source_type text check (source_type in ('activity', 'ticket', 'nps')),
  source_id uuid,
  added_by uuid references users (id) on delete set null,
  added_at timestamptz not null default now(),
  -- The "tell the customer" CTA opened when the request shipped: claimed once, so a re-save never opens another.
  loop_claimed_at timestamptz,
  loop_cta_id uuid,
  primary key (request_id, account_id)
);
create index feature_request_accounts_account_idx on feature_request_accounts (account_id);

insert into voc_categories (key, name_zh, name_en, position) values
  ('problem', '问题', 'Problem', 1),
  ('request', '需求', 'Request', 2),
  ('opportunity', '机会', 'Opportunity', 3);

insert into voc_tags (category_id, name_zh, name_en, product_area)
select c.id, t.name_zh, t.name_en, t.area
from voc_categories c
join (values
  ('problem', '缺陷', 'Bug', null),
  ('problem', '性能慢', 'Slow performance', null),
  ('problem', '易用性', 'Hard to use', null),
  ('problem', '数据问题', 'Data issue', null),
  ('request', '新功能', 'New feature', null),
  ('request', '集成', 'Integration', null),
  ('request', '报表', 'Reporting', 'Reports'),
  ('opportunity', '增购', 'Upsell', null),
  ('opportunity', '转介绍', 'Referral', null),
  ('opportunity', '案例', 'Case study', null)
) as t (category, name_zh, name_en, area) on t.category = c.key;
