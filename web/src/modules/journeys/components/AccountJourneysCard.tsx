import type { ParticipantStatus } from '@shared/journeys';
import { Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { formatDate } from '../../../lib/format';
import { useAccountJourneys } from '../hooks/useJourneys';

const STATUS_COLORS: Record<ParticipantStatus, string> = {
  active: 'blue',
  waiting: 'gold',
  completed: 'green',
  exited: 'default',
};
const STILL_IN = new Set<ParticipantStatus>(['active', 'waiting']);

/** On the 360 overview (the tab bar is full): the journeys the account is in or has been through. */
export function AccountJourneysCard({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const journeys = useAccountJourneys(accountId);
  const body = () => {
    if (journeys.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
    if (journeys.isError) return <QueryError compact error={journeys.error} onRetry={() => void journeys.refetch()} />;
    // Those it is still in first, then the most recent.
    const items = [...journeys.data.items].sort(
      (a, b) =>
        Number(STILL_IN.has(b.status)) - Number(STILL_IN.has(a.status)) || b.enteredAt.localeCompare(a.enteredAt),
    );
    if (!items.length) return <Typography.Text type="secondary">{t('journeys.account.empty')}</Typography.Text>;
    return (
      <List
        size="small"
        dataSource={items}
        renderItem={(p) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Space direction="vertical" size={0}>
              <Link to={`/journeys/${p.journeyId}`}>{p.journeyName}</Link>
              <Space size={4} wrap>
                <Tag color={STATUS_COLORS[p.status]}>{t(`journeys.participantStatuses.${p.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('journeys.account.since', { when: formatDate(p.enteredAt) })}
                  {p.contactName ? ` · ${p.contactName}` : ''}
                </Typography.Text>
              </Space>
            </Space>
          </List.Item>
        )}
      />
    );
  };
  return (
    <Card size="small" title={t('journeys.account.title')} style={{ marginBottom: 16 }} data-testid="account-journeys">
      {body()}
    </Card>
  );
}
