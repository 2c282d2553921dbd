-- Playbook task emails (§6): a task with an email template is sent to the customer from the CTA.
-- The stamp is also the claim: a double click or a retried request sends the mail once.
alter table cta_tasks
  add column email_sent_at timestamptz,
  add column email_sent_by uuid references users(id) on delete set null,
  add column email_to text;
