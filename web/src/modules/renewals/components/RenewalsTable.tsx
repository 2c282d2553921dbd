import { RENEWAL_CATEGORIES, type RenewalCategory } from '@shared/renewals';
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { buildUrl } from '../../../api/client';
import { useDebounced } from '../../../hooks/useDebounced';
import { currentLanguage } from '../../../i18n';
import { useAccountOwnerOptions } from '../../../hooks/useAccountOwnerOptions';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDate, formatMoney, formatPercent, fromNow } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useSegments } from '../../segments/hooks/useSegments';
import { type Renewal, type RenewalQuery, useRenewalList, useSetCategory } from '../hooks/useRenewals';
import { OutcomeModal } from './OutcomeModal';
import { Input } from 'antd';

const HEALTH_COLORS = { green: 'green', yellow: 'gold', red: 'red' } as const;
export const CATEGORY_COLORS: Record<RenewalCategory, string> = {
  commit: 'green',
  likely: 'blue',
  at_risk: 'orange',
  lost: 'red',
};

/** Every contract renewing in the window, paged and sorted on the server. */
export function RenewalsTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  // A link may name the window and the CSM (?days=180&ownerId=…, the Home's tiles).
  const [params] = useSearchParams();
  const [query, setQuery] = useState<RenewalQuery>(() => ({
    days: params.get('days') === '180' ? 180 : 90,
    ownerId: params.get('ownerId') ?? undefined,
    sort: 'renewsOn',
    order: 'asc',
    page: 1,
    pageSize: 25,
  }));
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 300);
  const list = useRenewalList({ ...query, q: q || undefined });
  const setCategory = useSetCategory();
  const [recording, setRecording] = useState<Renewal | null>(null);
  const owners = useAccountOwnerOptions();
  const segments = useSegments();
  const categories = useEnumOptions('renewals.categories', RENEWAL_CATEGORIES);
  const dash = '—';

  const change = (patch: Partial<RenewalQuery>) => setQuery((prev) => ({ ...prev, page: 1, ...patch }));

  const columns: TableProps<Renewal>['columns'] = [
    {
      key: 'name',
      title: t('renewals.account'),
      sorter: true,
      render: (_, r) => <Link to={`/accounts/${r.accountId}`}>{r.accountName}</Link>,
    },
    {
      key: 'renewsOn',
      title: t('renewals.renewsOn'),
      sorter: true,
      defaultSortOrder: 'ascend',
      render: (_, r) => formatDate(r.renewsOn),
    },
    { key: 'daysLeft', title: t('renewals.daysLeft'), align: 'right', render: (_, r) => r.daysLeft },
    {
      key: 'arr',
      title: t('renewals.arr'),
      sorter: true,
      align: 'right',
      render: (_, r) => formatMoney(r.arrMinor, r.currency, { narrow: true }),
    },
    {
      key: 'health',
      title: t('renewals.health'),
      render: (_, r) =>
        r.health?.color ? (
          <Tag color={HEALTH_COLORS[r.health.color]}>{r.health.score ?? t(`renewals.colors.${r.health.color}`)}</Tag>
        ) : (
          dash
        ),
    },
    {
      key: 'probability',
      title: t('renewals.predicted'),
      sorter: true,
      align: 'right',
      render: (_, r) =>
        r.modelProbability === null ? (
          <Tooltip title={t('renewals.noModel')}>{dash}</Tooltip>
        ) : (
          formatPercent(r.modelProbability, 0)
        ),
    },
    {
      key: 'category',
      title: t('renewals.category'),
      render: (_, r) =>
        r.outcome ? (
          <Tag>{t(`renewals.outcomes.${r.outcome}`)}</Tag>
        ) : (
          <Space size={4}>
            {canWrite ? (
              // A default category shows as the placeholder, so choosing the same one still sets it by hand;
              // clearing a hand-set one brings the default back.
              <Select<RenewalCategory | null>
                size="small"
                value={r.categorySetByHand ? r.category : undefined}
                placeholder={t(`renewals.categories.${r.category}`)}
                allowClear={r.categorySetByHand}
                options={categories as { value: RenewalCategory; label: string }[]}
                style={{ minWidth: 130 }}
                data-testid={`category-${r.accountName}`}
                onChange={(category) =>
                  setCategory.mutate(
                    { accountId: r.accountId, renewsOn: r.renewsOn, category: category ?? null },
                    { onError: (e) => message.error(e.message) },
                  )
                }
              />
            ) : (
              <Tag color={CATEGORY_COLORS[r.category]}>{t(`renewals.categories.${r.category}`)}</Tag>
            )}
            {r.categorySetByHand ? (
              <Tooltip title={t('renewals.setBy', { name: r.categorySetByName ?? '' })}>
                <Tag color="purple" data-testid="set-by-hand">
                  {t('renewals.byHand')}
                </Tag>
              </Tooltip>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('renewals.default')}
              </Typography.Text>
            )}
          </Space>
        ),
    },
    { key: 'owner', title: t('renewals.owner'), render: (_, r) => r.ownerName ?? t('common.unassigned') },
    { key: 'manager', title: t('renewals.renewalManager'), render: (_, r) => r.renewalManagerName ?? dash },
    { key: 'segment', title: t('renewals.segment'), render: (_, r) => r.segmentName ?? dash },
    {
      key: 'lastTouch',
      title: t('renewals.lastTouch'),
      sorter: true,
      render: (_, r) =>
        r.lastTouchAt ? <Tooltip title={formatDate(r.lastTouchAt)}>{fromNow(r.lastTouchAt)}</Tooltip> : dash,
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            title: '',
            render: (_: unknown, r: Renewal) =>
              r.outcome ? null : (
                <Button size="small" onClick={() => setRecording(r)} data-testid={`outcome-${r.accountName}`}>
                  {t('renewals.recordOutcome')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={query.days}
          options={[
            { value: 90, label: t('renewals.nextDays', { days: 90 }) },
            { value: 180, label: t('renewals.nextDays', { days: 180 }) },
          ]}
          onChange={(days) => change({ days: Number(days) })}
          data-testid="renewal-window"
        />
        <Select
          allowClear
          placeholder={t('renewals.owner')}
          options={owners}
          style={{ width: 180 }}
          value={query.ownerId}
          onChange={(ownerId) => change({ ownerId })}
        />
        <Select
          allowClear
          placeholder={t('renewals.segment')}
          options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          style={{ width: 180 }}
          value={query.segmentId}
          onChange={(segmentId) => change({ segmentId })}
        />
        <Select
          allowClear
          placeholder={t('renewals.category')}
          options={categories}
          style={{ minWidth: 150 }}
          value={query.category}
          onChange={(category) => change({ category })}
        />
        <Input.Search
          allowClear
          placeholder={t('renewals.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            change({});
          }}
          style={{ width: 220 }}
        />
        <Button
          icon={<DownloadOutlined />}
          href={buildUrl('/api/renewals/export', {
            ...query,
            page: undefined,
            pageSize: undefined,
            q: q || undefined,
            lang: currentLanguage(),
          })}
        >
          {t('renewals.export')}
        </Button>
        {list.data ? (
          <Typography.Text type="secondary" data-testid="renewals-total">
            {t('renewals.totalLine', {
              count: list.data.total,
              arr: formatMoney(list.data.arrMinor, list.data.currency, { narrow: true }),
            })}
          </Typography.Text>
        ) : null}
      </Space>
      {list.error ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} compact />
      ) : (
        <Table<Renewal>
          rowKey={(r) => `${r.accountId}|${r.renewsOn}`}
          size="middle"
          loading={list.isLoading || list.isFetching}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: true }}
          locale={{ emptyText: t('renewals.empty') }}
          data-testid="renewals-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
          }}
          onChange={(pagination, _filters, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            setQuery((prev) => ({
              ...prev,
              page: pagination.current ?? 1,
              pageSize: pagination.pageSize ?? prev.pageSize,
              sort: s?.order ? String(s.columnKey) : 'renewsOn',
              order: s?.order === 'descend' ? 'desc' : 'asc',
            }));
          }}
        />
      )}
      <OutcomeModal renewal={recording} onClose={() => setRecording(null)} />
    </>
  );
}
