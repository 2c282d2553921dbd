import type { Role } from '../shared/roles.js';
import type { Interval, Segment, Tier } from './catalog.js';
import type { Lang } from './texts.js';

/** The demo company as plain data: a pure function of the seed and "today", written afterwards. */
export interface DemoPlan {
  seed: number;
  today: string;
  /** First day of the 24 months the demo covers. */
  windowStart: string;
  timeZone: string;
  currency: string;
  users: UserPlan[];
  accounts: AccountPlan[];
  usage: UsageRowPlan[];
}

export interface UserPlan {
  key: string;
  email: string;
  name: string;
  role: Role;
  locale: 'zh-CN' | 'en';
}

export type Stage = 'prospect' | 'handoff' | 'onboarding' | 'adoption' | 'renewal' | 'renewed' | 'churned';

export interface AccountPlan {
  externalId: string;
  name: string;
  domain: string;
  industry: string;
  employees: number;
  region: string;
  lang: Lang;
  currency: string;
  segment: Segment;
  tier: Tier;
  owner: string;
  salesOwner: string;
  stage: Stage;
  firstPaidOn: string | null;
  churnedOn: string | null;
  attributes: Record<string, string | number>;
  contacts: ContactPlan[];
  subscriptions: SubscriptionPlan[];
  activities: ActivityPlan[];
  tickets: TicketPlan[];
  nps: NpsPlan[];
  /** The truth behind the data, for tests and later backtests; never written to the database. */
  story: Story;
}

export interface Story {
  /** Latent customer health 0–1: drives churn risk, adoption, satisfaction. */
  health: number;
  churns: string[];
  reactivations: string[];
  /** Churn the simulation foresees within ~4 months of today: the account is active but slipping. */
  futureChurn: string | null;
  /** Start of the visible decline before each churn (past or foreseen). */
  declines: { from: string; to: string }[];
  /** A temporary dip the account recovers from (a false alarm for health scores). */
  dip: { from: string; to: string } | null;
  /** Paid (or trial) periods [from, to), to = null while running. */
  periods: { from: string; to: string | null; trial: boolean }[];
}

export interface ContactPlan {
  externalId: string;
  name: string;
  email: string;
  phone: string;
  title: string;
  role: 'decision_maker' | 'economic_buyer' | 'champion' | 'end_user' | 'blocker';
  isPrimary: boolean;
}

export interface VersionPlan {
  plan: string;
  quantity: number;
  amountMinor: number;
  currency: string;
  interval: Interval;
  startsOn: string;
  endsOn: string | null;
  status: 'active' | 'trialing';
}

export interface SubscriptionPlan {
  externalId: string;
  versions: VersionPlan[];
}

export interface ActivityPlan {
  type: 'note' | 'call' | 'meeting' | 'visit' | 'email' | 'qbr';
  subject: string;
  body: string;
  occurredAt: string;
  /** Index into the account's contacts. */
  contact: number | null;
  /** Team member who logged it (user key). */
  author: string;
}

export interface TicketPlan {
  externalId: string;
  contact: number | null;
  subject: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: 'open' | 'pending' | 'solved' | 'closed';
  openedAt: string;
  closedAt: string | null;
}

export interface NpsPlan {
  externalId: string;
  contact: number | null;
  score: number;
  comment: string | null;
  respondedAt: string;
}

export interface UsageRowPlan {
  /** Index into plan.accounts. */
  account: number;
  day: string;
  event: string;
  count: number;
  users: number;
}
