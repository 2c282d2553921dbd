-- Single sign-on through Feishu / Lark, DingTalk and WeCom's own OAuth 2.0 web sign-ins besides OpenID Connect
-- (docs/sso.md). client_id / client_secret hold the platform's app id (Feishu), client id / app key (DingTalk)
-- or corp id (WeCom) and its secret; agent_id is WeCom's application id; base_url overrides the platform's
-- public hosts (private deployments, Lark, tests), empty for the public ones.
alter table sso_config
  add column provider text not null default 'oidc' check (provider in ('oidc','feishu','dingtalk','wecom')),
  add column agent_id text not null default '',
  add column base_url text not null default '';
