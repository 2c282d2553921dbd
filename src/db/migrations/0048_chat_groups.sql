-- Chat-robot messages to a customer's own group (docs/messaging.md, "Chat groups"): a fifth messaging channel
-- for customers who work with their vendor in a WeCom, DingTalk or Feishu group. The group's custom robot is
-- set per account; a message goes to the group once per account, whichever of its contacts it was meant for.
alter table message_templates drop constraint message_templates_channel_check;
alter table message_templates add constraint message_templates_channel_check
  check (channel in ('email', 'sms', 'webhook', 'in_app', 'chat'));

create table account_chat_groups (
  account_id uuid primary key references accounts (id) on delete cascade,
  provider text not null check (provider in ('wecom', 'dingtalk', 'feishu')),
  -- The group's name as people know it ("Acme × Vendor 服务群"): the timeline says where a message went.
  name text not null,
  webhook_url text not null,
  -- DingTalk and Feishu robots can require a signature; WeCom's key is part of the URL.
  secret text,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
