import { Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SubscriptionVersionView as SubscriptionVersion } from '@shared/subscriptions';
import { SubscriptionStatusTag } from '../../../components/EnumTags';
import { QueryError } from '../../../components/QueryError';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';
import { useSubscriptions } from '../hooks/useAccount';

/** Every version of every subscription: each row is one period of constant terms. */
export function SubscriptionsTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const subscriptions = useSubscriptions(accountId);
  if (subscriptions.isError)
    return <QueryError error={subscriptions.error} onRetry={() => void subscriptions.refetch()} compact />;

  return (
    <Table<SubscriptionVersion>
      rowKey="id"
      size="middle"
      loading={subscriptions.isPending}
      dataSource={subscriptions.data}
      pagination={false}
      scroll={{ x: 760 }}
      locale={{ emptyText: <Empty description={t('subscriptions.empty')} /> }}
      columns={[
        {
          title: t('subscriptions.plan'),
          dataIndex: 'plan',
          render: (plan: string | null, s) => (
            <div>
              <Typography.Text strong>{plan ?? t('subscriptions.noPlan')}</Typography.Text>
              {s.subscriptionExternalId ? (
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.subscriptionExternalId}
                  </Typography.Text>
                </div>
              ) : null}
            </div>
          ),
        },
        {
          title: t('subscriptions.status'),
          dataIndex: 'status',
          width: 110,
          render: (status) => <SubscriptionStatusTag status={status} />,
        },
        {
          title: t('subscriptions.amount'),
          dataIndex: 'amountMinor',
          align: 'right',
          width: 160,
          render: (amount: number, s) => (
            <span>
              {formatMoney(amount, s.currency)}
              <Typography.Text type="secondary"> / {t(`intervals.${s.interval}`)}</Typography.Text>
            </span>
          ),
        },
        { title: t('subscriptions.quantity'), dataIndex: 'quantity', align: 'right', width: 90, render: formatNumber },
        {
          title: t('subscriptions.period'),
          key: 'period',
          width: 220,
          render: (_, s) =>
            `${formatDate(s.startsOn)} – ${s.endsOn ? formatDate(s.endsOn) : t('subscriptions.openEnded')}`,
        },
      ]}
    />
  );
}
