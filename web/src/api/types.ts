import type { AccountView } from '@shared/accounts';
import type { ContactView } from '@shared/contacts';
import type { RuleSet } from '@shared/conditions';
import type { Role } from '@shared/roles';
import type { SubscriptionVersionView } from '@shared/subscriptions';

/** What a zod view type looks like after JSON: dates arrive as ISO strings. */
export type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export interface Paged<T> {
  items: T[];
  total: number;
}

export type Account = Json<AccountView>;
export type Contact = Json<ContactView>;
export type SubscriptionVersion = SubscriptionVersionView;

export interface Me {
  id: string | null;
  type: 'user' | 'token' | 'system' | 'cli';
  name: string;
  role: Role;
  email: string | null;
  locale: 'zh-CN' | 'en' | null;
}

// The shapes below are declared in the server's route files rather than src/shared, so they are restated here.
export const ACTIVITY_TYPES = ['note', 'call', 'meeting', 'visit', 'email', 'qbr', 'system'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const LOGGABLE_TYPES = ['note', 'call', 'meeting', 'visit'] as const;
export type LoggableType = (typeof LOGGABLE_TYPES)[number];

export interface Activity {
  id: string;
  accountId: string;
  type: ActivityType;
  subject: string | null;
  body: string | null;
  data: { key?: string; params?: Record<string, unknown> } & Record<string, unknown>;
  contactId: string | null;
  contactName: string | null;
  authorId: string | null;
  authorName: string | null;
  occurredAt: string;
  createdAt: string;
}

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  rules: RuleSet;
  /** Null when the stored rules can no longer be evaluated (invalid). */
  memberCount: number | null;
  invalid: boolean;
  invalidReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SavedView {
  id: string;
  page: string;
  name: string;
  state: Record<string, unknown>;
  created_at: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: 'zh-CN' | 'en' | null;
  active: boolean;
  last_login_at: string | null;
  created_at: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
}

export interface AuditEntry {
  id: number;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  at: string;
}

// Revenue metrics (src/modules/metrics): money in integer minor units of `currency`; null = no denominator.
export const MOVEMENT_TYPES = ['new', 'expansion', 'reactivation', 'contraction', 'churn'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export interface MrrMonth {
  month: string;
  startingMrr: number;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  reactivationMrr: number;
  netNewMrr: number;
  endingMrr: number;
  arr: number;
  customers: { starting: number; new: number; reactivated: number; churned: number; ending: number };
  /** The running month (the server's today, organisation time zone): figures still moving. */
  partial: boolean;
}

export interface MrrReport {
  currency: string;
  months: MrrMonth[];
}

export interface MonthKpis {
  month: string;
  /** The running month: its figures are still moving. */
  partial: boolean;
  mrr: number;
  arr: number;
  customers: number;
  logoChurnRate: number | null;
  grossMrrChurnRate: number | null;
  expansionRate: number | null;
  netMrrChurnRate: number | null;
  grr: number | null;
  nrr: number | null;
  arpa: number | null;
  newCustomerArpa: number | null;
  quickRatio: number | null;
  trailing12: { startingMrr: number; nrr: number | null; grr: number | null };
  mrrChurnRate6m: number | null;
  newCustomerArpa6m: number | null;
  grossMargin: number | null;
  salesMarketingSpend: number | null;
  ltv: number | null;
  cac: number | null;
  ltvToCac: number | null;
  cacPaybackMonths: number | null;
  averageContractValue: number | null;
  averageContractTermMonths: number | null;
}

export interface MetricsSummary extends MonthKpis {
  currency: string;
  /** The server's running month (organisation time zone); the default month is the one before. */
  currentMonth: string;
  previousMonth: MonthKpis;
  yearAgo: MonthKpis;
}

export interface Movement {
  accountId: string;
  name: string;
  externalId: string | null;
  day: string;
  type: MovementType;
  amount: number;
  mrrBefore: number;
  mrrAfter: number;
}

export interface PayingCustomer {
  accountId: string;
  name: string;
  externalId: string | null;
  mrr: number;
}

export interface Cohort {
  cohort: string;
  size: number;
  months: { month: string; customers: number; mrr: number; partial: boolean }[];
}
