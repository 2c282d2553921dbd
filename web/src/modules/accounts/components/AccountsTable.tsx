import { Button, Empty, Table, Typography, type TableProps } from 'antd';
import type { SortOrder } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Account, accountsApi } from '@shared/accounts';
import type { ResponseOf } from '@shared/endpoint';
import { StageTag, TierTag } from '../../../components/EnumTags';
import { formatDate, formatNumber, fromNow } from '../../../lib/format';
import type { ListState } from '../hooks/useListState';
import { HealthBadge } from '../../health/components/HealthBadge';
import { useCurrentHealth } from '../../health/hooks/useHealth';
import { ProbabilityTag } from '../../prediction/components/ProbabilityTag';
import { useScores } from '../../prediction/hooks/usePrediction';

interface Props {
  state: ListState;
  data: ResponseOf<typeof accountsApi.list> | undefined;
  loading: boolean;
  filtered: boolean;
  canCreate: boolean;
  onChange: (patch: Partial<ListState>) => void;
  onCreate: () => void;
  onClearFilters: () => void;
}

/** Server-side paging and sorting: the table only reports what the person asked for. */
export function AccountsTable({
  state,
  data,
  loading,
  filtered,
  canCreate,
  onChange,
  onCreate,
  onClearFilters,
}: Props) {
  const { t } = useTranslation();
  const scores = useScores(data?.items.map((a) => a.id) ?? []);
  const sortOrder = (key: string): SortOrder =>
    state.sort === key ? (state.order === 'asc' ? 'ascend' : 'descend') : null;
  const sortable = (key: string) => ({
    key,
    sorter: true,
    sortOrder: sortOrder(key),
    sortDirections: ['ascend', 'descend', 'ascend'] as SortOrder[],
  });

  // The primary scorecard's latest score for the accounts of this page (one request for the page).
  const health = useCurrentHealth((data?.items ?? []).map((a) => a.id));
  const primary = new Map((health.data ?? []).filter((h) => h.primary).map((h) => [h.accountId, h]));
  const columns: TableProps<Account>['columns'] = [
    {
      title: t('fields.name'),
      dataIndex: 'name',
      ...sortable('name'),
      fixed: 'left',
      width: 260,
      render: (_, a) => (
        <div>
          <Link to={`/accounts/${a.id}`} data-testid="account-link">
            {a.name}
          </Link>
          {a.domain ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.domain}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('health.column'),
      ...sortable('health'),
      width: 90,
      render: (_, a) => {
        const h = primary.get(a.id);
        return h ? (
          <HealthBadge score={h.score} color={h.color} />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    },
    { title: t('fields.external_id'), dataIndex: 'externalId', ...sortable('external_id'), width: 140 },
    {
      title: t('fields.tier'),
      dataIndex: 'tier',
      ...sortable('tier'),
      width: 120,
      render: (v) => <TierTag tier={v} />,
    },
    {
      title: t('fields.lifecycle_stage'),
      dataIndex: 'lifecycleStage',
      ...sortable('lifecycle_stage'),
      width: 130,
      render: (v) => <StageTag stage={v} />,
    },
    {
      title: t('prediction.column'),
      ...sortable('renewal_probability'),
      width: 120,
      align: 'right',
      render: (_, a) => <ProbabilityTag value={scores.data?.get(a.id)} />,
    },
    { title: t('fields.owner_id'), dataIndex: 'ownerName', ...sortable('owner_name'), width: 140 },
    { title: t('fields.industry'), dataIndex: 'industry', ...sortable('industry'), width: 140 },
    { title: t('fields.region'), dataIndex: 'region', ...sortable('region'), width: 120 },
    {
      title: t('fields.employees'),
      dataIndex: 'employees',
      ...sortable('employees'),
      width: 110,
      align: 'right',
      render: formatNumber,
    },
    {
      title: t('fields.first_paid_on'),
      dataIndex: 'firstPaidOn',
      ...sortable('first_paid_on'),
      width: 130,
      render: formatDate,
    },
    {
      title: t('fields.updated_at'),
      dataIndex: 'updatedAt',
      ...sortable('updated_at'),
      width: 140,
      render: (v: string) => <span title={formatDate(v)}>{fromNow(v)}</span>,
    },
  ];

  const empty = filtered ? (
    <Empty description={t('accounts.noMatches')}>
      <Button onClick={onClearFilters}>{t('accounts.clearFilters')}</Button>
    </Empty>
  ) : (
    <Empty description={t('accounts.empty')}>
      {canCreate ? (
        <Button type="primary" onClick={onCreate}>
          {t('accounts.create')}
        </Button>
      ) : null}
    </Empty>
  );

  return (
    <Table<Account>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data?.items}
      loading={loading}
      scroll={{ x: 1420 }}
      locale={{ emptyText: loading ? ' ' : empty }}
      data-testid="accounts-table"
      pagination={{
        current: state.page,
        pageSize: state.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 25, 50, 100],
        showTotal: (total) => t('accounts.total', { count: total }),
      }}
      onChange={(pagination, _filters, sorter, extra) => {
        if (extra.action === 'sort') {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = (s?.order ? s.columnKey : undefined) as string | undefined;
          onChange({ sort: key ?? 'name', order: s?.order === 'descend' ? 'desc' : 'asc' });
        } else if (extra.action === 'paginate') {
          const pageSize = pagination.pageSize ?? state.pageSize;
          onChange({ page: pageSize !== state.pageSize ? 1 : (pagination.current ?? 1), pageSize });
        }
      }}
    />
  );
}
