/** Kysely table types of success milestones, rules, playbooks and CTAs (§4, §6). Kept by hand next to the migrations they mirror. */
import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, CalendarDate, Defaulted, JsonDefaulted } from './columns.js';

export type CtaType = 'risk' | 'expansion' | 'renewal' | 'onboarding' | 'advocacy';
export type CtaPriority = 'low' | 'medium' | 'high' | 'urgent';
export type CtaStatus = 'open' | 'snoozed' | 'closed';
export type CtaOutcome = 'success' | 'no_action_needed' | 'failed' | 'condition_cleared';

export interface MilestoneTemplatesTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  position: Defaulted<number>;
  segment_id: string | null;
  due_days: number;
  auto_event: string | null;
  auto_count: number | null;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface AccountMilestonesTable {
  account_id: string;
  template_id: string;
  due_on: CalendarDate;
  completed_on: CalendarDate | null;
  completed_by: string | null;
  completed_how: 'manual' | 'auto' | null;
  created_at: CreatedAt;
}

export interface PlaybooksTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  description: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PlaybookTasksTable {
  id: Generated<string>;
  playbook_id: string;
  key: string | null;
  position: Defaulted<number>;
  title: string;
  due_days: Defaulted<number>;
  owner_role: string | null;
  email_template: string | null;
}

export interface CtaRulesTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  trigger: string;
  params: JsonDefaulted<Record<string, unknown>>;
  cta_type: CtaType;
  priority: CtaPriority;
  owner: Defaulted<string>;
  due_days: Defaulted<number>;
  playbook_id: string | null;
  segment_id: string | null;
  enabled: Defaulted<boolean>;
  auto_close: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CtasTable {
  id: Generated<string>;
  account_id: string;
  rule_id: string | null;
  /** The firing's identity within (rule, account), e.g. `nps:<response id>`, `renewal:<date>`, `usage_drop@<episode id>`; null on manual CTAs (0015). */
  fact_key: string | null;
  /** The date a date-anchored CTA counts back from (a renewal's date); due_on never passes it. */
  anchor_on: CalendarDate | null;
  playbook_id: string | null;
  type: CtaType;
  reason_key: string;
  reason_params: JsonDefaulted<Record<string, unknown>>;
  title: string | null;
  priority: CtaPriority;
  owner_id: string | null;
  due_on: CalendarDate;
  status: Defaulted<CtaStatus>;
  snoozed_until: CalendarDate | null;
  snooze_reason: string | null;
  outcome: CtaOutcome | null;
  close_reason: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  flagged: Defaulted<boolean>;
  flagged_by: string | null;
  flagged_at: Date | null;
  flag_reason: string | null;
  first_action_at: Date | null;
  created_by: string | null;
  opened_at: Timestamp;
  updated_at: Timestamp;
}

export interface CtaTasksTable {
  id: Generated<string>;
  cta_id: string;
  key: string | null;
  position: Defaulted<number>;
  title: string;
  due_on: CalendarDate;
  owner_role: string | null;
  email_template: string | null;
  done_at: Date | null;
  done_by: string | null;
  email_sent_at: Date | null;
  email_sent_by: string | null;
  email_to: string | null;
}

export interface CtaCommentsTable {
  id: Generated<string>;
  cta_id: string;
  author_id: string | null;
  body: string;
  created_at: CreatedAt;
}

export interface CtaMeetingNotesTable {
  id: Generated<string>;
  cta_id: string;
  meeting_on: CalendarDate;
  notes: string | null;
  decision: string;
  author_id: string | null;
  created_at: CreatedAt;
}

/** Episodes of a continuing condition per rule and account (0015): the current one has no end. */
export interface CtaEpisodesTable {
  id: Generated<string>;
  rule_id: string;
  account_id: string;
  condition: string;
  started_at: Date;
  ended_at: Date | null;
}
