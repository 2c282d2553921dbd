import type { CONTACT_ROLES, LIFECYCLE_STAGES, TIERS } from '@shared/accounts';
import type { SUBSCRIPTION_STATUSES } from '@shared/subscriptions';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type Tier = (typeof TIERS)[number];
type Stage = (typeof LIFECYCLE_STAGES)[number];
type ContactRole = (typeof CONTACT_ROLES)[number];
type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const TIER_COLORS: Record<Tier, string> = { high_touch: 'magenta', low_touch: 'blue', tech_touch: 'cyan' };
const STAGE_COLORS: Record<Stage, string> = {
  prospect: 'default',
  handoff: 'purple',
  onboarding: 'geekblue',
  adoption: 'green',
  renewal: 'orange',
  renewed: 'cyan',
  churned: 'red',
};
const CONTACT_ROLE_COLORS: Record<ContactRole, string> = {
  decision_maker: 'gold',
  economic_buyer: 'volcano',
  champion: 'green',
  end_user: 'blue',
  blocker: 'red',
};
const STATUS_COLORS: Record<SubscriptionStatus, string> = {
  active: 'green',
  trialing: 'blue',
  past_due: 'orange',
  canceled: 'default',
};

export function TierTag({ tier }: { tier: Tier | null | undefined }) {
  const { t } = useTranslation();
  return tier ? <Tag color={TIER_COLORS[tier]}>{t(`tiers.${tier}`)}</Tag> : null;
}

export function StageTag({ stage }: { stage: Stage | null | undefined }) {
  const { t } = useTranslation();
  return stage ? <Tag color={STAGE_COLORS[stage]}>{t(`stages.${stage}`)}</Tag> : null;
}

export function ContactRoleTag({ role }: { role: ContactRole | null | undefined }) {
  const { t } = useTranslation();
  return role ? <Tag color={CONTACT_ROLE_COLORS[role]}>{t(`contactRoles.${role}`)}</Tag> : null;
}

export function SubscriptionStatusTag({ status }: { status: SubscriptionStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`subscriptionStatuses.${status}`)}</Tag>;
}
