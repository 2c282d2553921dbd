/** Kysely table types of the renewal centre, expansion and advocacy (§7). Kept by hand next to the migrations they mirror. */
import type { Generated } from 'kysely';
import type { Timestamp, CreatedAt, CalendarDate, Defaulted } from './columns.js';

export type RenewalCategory = 'commit' | 'likely' | 'at_risk' | 'lost';
export type RenewalOutcome = 'renewed' | 'expanded' | 'downgraded' | 'churned';
export type ChurnReason =
  | 'price_budget'
  | 'product_fit'
  | 'low_adoption'
  | 'poor_onboarding'
  | 'support_quality'
  | 'champion_left'
  | 'competitor'
  | 'business_closed'
  | 'other';

export interface RenewalsTable {
  id: Generated<string>;
  account_id: string;
  renews_on: CalendarDate;
  category: RenewalCategory | null;
  category_set_by: string | null;
  category_set_by_name: string | null;
  category_set_at: Date | null;
  outcome: RenewalOutcome | null;
  churn_reason: ChurnReason | null;
  outcome_comment: string | null;
  arr_minor: number | null;
  new_arr_minor: number | null;
  outcome_recorded_by: string | null;
  outcome_recorded_by_name: string | null;
  outcome_recorded_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RenewalSegmentSettingsTable {
  segment_id: string;
  renewal_manager_id: string | null;
  updated_at: Timestamp;
}

export interface RenewalRaciTable {
  id: Generated<string>;
  segment_id: string | null;
  activity: 'renewal_plan' | 'value_review' | 'negotiation' | 'paperwork' | 'risk_escalation';
  party: 'csm' | 'renewal_manager' | 'cs_manager' | 'sales';
  letter: 'R' | 'A' | 'C' | 'I';
}

export type OpportunityStage = 'identified' | 'qualified' | 'proposal' | 'won' | 'lost';

export interface ExpansionOpportunitiesTable {
  id: Generated<string>;
  account_id: string;
  title: string;
  source: 'rule' | 'support' | 'manual';
  source_ref: string | null;
  ticket_id: string | null;
  stage: Defaulted<OpportunityStage>;
  amount_minor: Defaulted<number>;
  currency: string;
  owner_id: string | null;
  expected_close_on: CalendarDate | null;
  product: string | null;
  notes: string | null;
  created_by_name: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  closed_at: Date | null;
}

export interface ExpansionStageHistoryTable {
  id: Generated<number>;
  opportunity_id: string;
  from_stage: OpportunityStage | null;
  to_stage: OpportunityStage;
  actor_name: string | null;
  at: Timestamp;
}

export type AdvocacyKind = 'reference_call' | 'case_study' | 'review' | 'referral' | 'event_speaker';
export type AdvocacyStage = 'candidate' | 'asked' | 'agreed' | 'done' | 'declined';

export interface AdvocatesTable {
  id: Generated<string>;
  account_id: string;
  contact_id: string | null;
  kind: AdvocacyKind;
  stage: Defaulted<AdvocacyStage>;
  notes: string | null;
  owner_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReferralsTable {
  id: Generated<string>;
  account_id: string;
  referred_company: string;
  status: Defaulted<'introduced' | 'in_talks' | 'won' | 'lost'>;
  referred_account_id: string | null;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}
