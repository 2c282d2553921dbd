-- Built-in message templates (docs/messaging.md): a template another module sends by name of its purpose
-- (the monthly value report, docs/value-reports.md). Created on first use in both languages, editable like
-- any other, never deleted (the module would have nothing to send).
alter table message_templates add column builtin text;
create unique index message_templates_builtin_idx on message_templates (builtin) where builtin is not null;
