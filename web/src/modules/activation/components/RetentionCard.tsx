import type { OnboardingRetention } from '@shared/activation';
import { Card, Flex, Skeleton, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatPercent } from '../../../lib/format';
import { useOnboardingRetention } from '../hooks/useActivation';

type Group = OnboardingRetention['activated'];

/**
 * The source material's 90-day rule on this company's own customers: the retention of those who did the key
 * behaviour in their first 90 paid days beside those who did not. Shown only with a key behaviour set (the
 * cohort card above says how to set one).
 */
export function RetentionCard() {
  const { t } = useTranslation();
  const retention = useOnboardingRetention();
  if (retention.isSuccess && !retention.data.keyBehaviour) return null;
  const group = (testId: string, title: string, g: Group) => (
    <Statistic
      data-testid={testId}
      title={title}
      value={g.share === null ? '—' : formatPercent(g.share)}
      suffix={
        <Typography.Text type="secondary" style={{ fontSize: 14 }}>
          {t('activation.retentionOf', { retained: g.retained, accounts: g.accounts })}
        </Typography.Text>
      }
    />
  );
  return (
    <Card title={t('activation.retentionTitle')} data-testid="onboarding-retention">
      {retention.isError ? (
        <QueryError error={retention.error} onRetry={() => void retention.refetch()} compact />
      ) : retention.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('activation.retentionHelp', {
              days: retention.data.days,
              event: retention.data.keyBehaviour?.event,
              count: retention.data.keyBehaviour?.times,
            })}
          </Typography.Paragraph>
          <Flex gap={48} wrap>
            {group(
              'retention-activated',
              t('activation.retentionActivated', { days: retention.data.days }),
              retention.data.activated,
            )}
            {group('retention-missed', t('activation.retentionMissed'), retention.data.missed)}
          </Flex>
        </>
      )}
    </Card>
  );
}
