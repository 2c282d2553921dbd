import { Drawer, Flex, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Movement, MovementType, PayingCustomer } from '@shared/metrics';
import { QueryError } from '../../../components/QueryError';
import { formatDate, formatMoney, formatMonth, formatNumber } from '../../../lib/format';
import { type Scope, useMovements, usePayingCustomers } from '../hooks/useMetrics';

/** What a figure is made of: movements of a month (of one type, or all), or the customers paying at a month's start or end. */
export type DrillTarget =
  | { kind: 'movements'; figure: string; month: string; type?: MovementType }
  | { kind: 'customers'; figure: string; month: string; at: 'start' | 'end' };

export const MOVEMENT_COLORS: Record<MovementType, string> = {
  new: '#2f9e44',
  expansion: '#74b816',
  reactivation: '#7048e8',
  contraction: '#f59f00',
  churn: '#e03131',
};

const DOWN: MovementType[] = ['contraction', 'churn'];
/** A movement's effect on MRR: losses count negative. */
export const signedAmount = (m: Pick<Movement, 'type' | 'amount'>) => (DOWN.includes(m.type) ? -m.amount : m.amount);

function AccountCell({ accountId, name, externalId }: { accountId: string; name: string; externalId: string | null }) {
  return (
    <div>
      <Link to={`/accounts/${accountId}`} data-testid="drill-account">
        {name}
      </Link>
      {externalId ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {externalId}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}

function MovementsList({ target, scope }: { target: Extract<DrillTarget, { kind: 'movements' }>; scope: Scope }) {
  const { t } = useTranslation();
  const query = useMovements(target.month, target.type, scope);
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} compact />;
  const currency = query.data?.currency ?? 'CNY';
  const items = query.data?.items ?? [];
  const money = (v: number) => formatMoney(v, currency, { narrow: true });
  const counting = target.figure.startsWith('customers');
  const total = items.reduce((sum, m) => sum + (target.type ? m.amount : signedAmount(m)), 0);
  return (
    <Flex vertical gap={16}>
      <Flex gap={32}>
        <Statistic title={t('revenue.drill.accounts')} value={formatNumber(items.length)} loading={query.isPending} />
        {counting ? null : (
          <Statistic title={t('revenue.drill.total')} value={money(total)} loading={query.isPending} />
        )}
      </Flex>
      <Table<Movement>
        rowKey={(m) => `${m.accountId}-${m.day}`}
        size="small"
        loading={query.isPending}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('revenue.drill.empty') }}
        scroll={{ x: 620 }}
        columns={[
          { title: t('revenue.drill.account'), key: 'account', render: (_, m) => <AccountCell {...m} /> },
          ...(target.type
            ? []
            : [
                {
                  title: t('revenue.drill.type'),
                  dataIndex: 'type',
                  width: 110,
                  render: (type: MovementType) => (
                    <Tag color={MOVEMENT_COLORS[type]}>{t(`revenue.movementTypes.${type}`)}</Tag>
                  ),
                },
              ]),
          { title: t('revenue.drill.day'), dataIndex: 'day', width: 110, render: (day: string) => formatDate(day) },
          {
            title: t('revenue.drill.amount'),
            key: 'amount',
            align: 'right',
            width: 140,
            render: (_, m) => (
              <span style={{ color: DOWN.includes(m.type) ? '#cf1322' : '#389e0d' }}>{money(signedAmount(m))}</span>
            ),
          },
          {
            title: t('revenue.drill.change'),
            key: 'change',
            align: 'right',
            width: 220,
            render: (_, m) => (
              <Typography.Text type="secondary">
                {money(m.mrrBefore)} → {money(m.mrrAfter)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Flex>
  );
}

function CustomersList({ target, scope }: { target: Extract<DrillTarget, { kind: 'customers' }>; scope: Scope }) {
  const { t } = useTranslation();
  const query = usePayingCustomers(target.month, target.at, scope);
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} compact />;
  const currency = query.data?.currency ?? 'CNY';
  const items = query.data?.items ?? [];
  const money = (v: number) => formatMoney(v, currency, { narrow: true });
  return (
    <Flex vertical gap={16}>
      <Flex gap={32}>
        <Statistic title={t('revenue.drill.accounts')} value={formatNumber(items.length)} loading={query.isPending} />
        <Statistic
          title={t('revenue.metrics.mrr')}
          value={money(items.reduce((sum, c) => sum + c.mrr, 0))}
          loading={query.isPending}
        />
      </Flex>
      <Table<PayingCustomer>
        rowKey="accountId"
        size="small"
        loading={query.isPending}
        dataSource={items}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('revenue.drill.empty') }}
        columns={[
          { title: t('revenue.drill.account'), key: 'account', render: (_, c) => <AccountCell {...c} /> },
          {
            title: t('revenue.metrics.mrr'),
            dataIndex: 'mrr',
            align: 'right',
            width: 160,
            render: (v: number) => money(v),
          },
        ]}
      />
    </Flex>
  );
}

/** The accounts behind a figure, each linking to its customer 360. */
export function DrillDownDrawer({
  target,
  scope,
  onClose,
}: {
  target: DrillTarget | null;
  scope: Scope;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // The last figure stays on screen while the drawer slides away.
  const [shown, setShown] = useState(target);
  if (target && target !== shown) setShown(target);
  return (
    <Drawer
      open={Boolean(target)}
      onClose={onClose}
      width={880}
      destroyOnHidden
      title={
        shown
          ? t('revenue.drill.title', {
              figure: t(`revenue.metrics.${shown.figure}`),
              month: formatMonth(shown.month, 'long'),
            })
          : null
      }
    >
      {shown ? (
        <Flex vertical gap={16} data-testid="drill-drawer">
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t(`revenue.definitions.${shown.figure}`)}
          </Typography.Paragraph>
          {shown.kind === 'movements' ? (
            <MovementsList target={shown} scope={scope} />
          ) : (
            <CustomersList target={shown} scope={scope} />
          )}
        </Flex>
      ) : null}
    </Drawer>
  );
}
