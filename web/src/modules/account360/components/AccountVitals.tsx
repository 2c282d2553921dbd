import type { AccountSummary } from '@shared/account360';
import type { Wire } from '@shared/endpoint';
import { Flex, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatMoney, formatPercent, fromNow } from '../../../lib/format';
import { HealthBadge } from '../../health/components/HealthBadge';
import { useAccountSummary } from '../hooks/useAccountSummary';

/** One figure of the header: a small caption above its value. */
function Vital({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} style={{ minWidth: 110 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ fontSize: 16, fontWeight: 500, lineHeight: '24px' }}>{children}</div>
    </div>
  );
}

const NPS_COLOR = (score: number) => (score >= 9 ? 'green' : score >= 7 ? 'gold' : 'red');

/** The first questions about an account, answered without scrolling (issue: the 360 header). */
export function AccountVitals({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const summary = useAccountSummary(accountId);
  if (summary.isPending) return <Skeleton active title={false} paragraph={{ rows: 1 }} />;
  if (summary.isError) return null; // the rest of the 360 still works; the tabs show their own errors
  const s: Wire<AccountSummary> = summary.data;
  const none = <Typography.Text type="secondary">{t('account360.vitals.unknown')}</Typography.Text>;
  const signed = (n: number) => `${n > 0 ? '+' : ''}${n.toFixed(1)}`;
  return (
    <Flex gap={24} wrap style={{ marginTop: 12 }} data-testid="account-vitals">
      <Vital label={t('account360.vitals.arr')} testId="vital-arr">
        {s.arrMinor === null ? (
          none
        ) : (
          <Tooltip title={t('account360.vitals.mrr', { value: formatMoney(s.mrrMinor ?? 0, s.currency) })}>
            <span>{formatMoney(s.arrMinor, s.currency, { compact: true })}</span>
            {s.plan ? (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
                {s.plan}
              </Typography.Text>
            ) : null}
          </Tooltip>
        )}
      </Vital>
      <Vital label={t('account360.vitals.health')} testId="vital-health">
        {s.health ? (
          <Space size={6}>
            <HealthBadge score={s.health.score} color={s.health.color} />
            {s.health.change30 !== null ? (
              <Typography.Text
                style={{ fontSize: 12 }}
                type={s.health.change30 < 0 ? 'danger' : s.health.change30 > 0 ? 'success' : 'secondary'}
              >
                {t('account360.vitals.change30', { change: signed(s.health.change30) })}
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          none
        )}
      </Vital>
      <Vital label={t('account360.vitals.renewal')} testId="vital-renewal">
        {s.renewalOn && s.daysToRenewal !== null ? (
          <Space size={6}>
            <span>{formatDate(s.renewalOn)}</span>
            <Typography.Text type={s.daysToRenewal <= 90 ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
              {s.daysToRenewal >= 0
                ? t('account360.vitals.daysLeft', { count: s.daysToRenewal })
                : t('account360.vitals.daysAgo', { count: -s.daysToRenewal })}
            </Typography.Text>
          </Space>
        ) : (
          none
        )}
      </Vital>
      <Vital label={t('account360.vitals.probability')} testId="vital-probability">
        {s.renewalProbability === null ? none : formatPercent(s.renewalProbability, 0)}
      </Vital>
      <Vital label={t('account360.vitals.lastTouch')} testId="vital-touch">
        {s.lastTouchAt ? (
          <Tooltip title={formatDate(s.lastTouchAt)}>
            <span>{fromNow(s.lastTouchAt)}</span>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('account360.vitals.noTouch')}</Typography.Text>
        )}
      </Vital>
      <Vital label={t('account360.vitals.nps')} testId="vital-nps">
        {s.latestNps === null ? none : <Tag color={NPS_COLOR(s.latestNps)}>{s.latestNps}</Tag>}
      </Vital>
      <Vital label={t('account360.vitals.openCtas')} testId="vital-ctas">
        {s.openCtas}
      </Vital>
      <Vital label={t('account360.vitals.segments')} testId="vital-segments">
        {s.segments.length ? (
          <Space size={4} wrap>
            {s.segments.map((segment) => (
              <Link key={segment.id} to={`/accounts?segmentId=${segment.id}`}>
                <Tag color="blue">{segment.name}</Tag>
              </Link>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 14 }}>
            {t('account360.vitals.noSegments')}
          </Typography.Text>
        )}
      </Vital>
    </Flex>
  );
}
