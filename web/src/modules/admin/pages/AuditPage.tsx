import { Card, Flex, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AuditEntry } from '@shared/audit';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, fromNow } from '../../../lib/format';
import { AuditDiff } from '../components/AuditDiff';
import { useAudit } from '../hooks/useAdmin';

const ENTITIES = ['account', 'contact', 'activity', 'segment', 'subscription_version', 'user', 'api_token'];
const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  update: 'blue',
  upsert: 'blue',
  delete: 'red',
  revoke: 'orange',
};

/** Who changed what, newest first; each row expands to the record before and after. */
export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = {
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: Number(params.get('pageSize')) || 25,
    entity: params.get('entity') || undefined,
    entityId: params.get('entityId') || undefined,
  };
  const audit = useAudit(query);
  const set = (patch: Record<string, string | number | undefined>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (!('page' in patch)) next.delete('page');
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '') next.delete(k);
        else next.set(k, String(v));
      }
      return next;
    });

  return (
    <>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            value={query.entity}
            onChange={(entity?: string) => set({ entity })}
            options={ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
            placeholder={t('audit.entity')}
            style={{ width: 200 }}
          />
          <Input.Search
            allowClear
            defaultValue={query.entityId}
            onSearch={(entityId) => set({ entityId: entityId.trim() })}
            placeholder={t('audit.entityIdPlaceholder')}
            style={{ width: 320 }}
          />
        </Flex>
        {audit.isError && !audit.data ? (
          <QueryError error={audit.error} onRetry={() => void audit.refetch()} compact />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            loading={audit.isFetching}
            dataSource={audit.data?.items}
            scroll={{ x: 'max-content' }}
            expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: audit.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [25, 50, 100],
              showTotal: (total) => t('audit.total', { count: total }),
              onChange: (page, pageSize) => set({ page: pageSize !== query.pageSize ? 1 : page, pageSize }),
            }}
            columns={[
              {
                title: t('audit.at'),
                dataIndex: 'at',
                width: 180,
                render: (at: string) => (
                  <Tooltip title={fromNow(at)}>
                    <span>{formatDateTime(at)}</span>
                  </Tooltip>
                ),
              },
              {
                title: t('audit.actor'),
                key: 'actor',
                width: 200,
                render: (_, e) => (
                  <span>
                    {e.actor_name ?? '—'}{' '}
                    <Typography.Text type="secondary">
                      ({t(`audit.actorTypes.${e.actor_type}`, { defaultValue: e.actor_type })})
                    </Typography.Text>
                  </span>
                ),
              },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                width: 110,
                render: (a: string) => (
                  <Tag color={ACTION_COLORS[a]}>{t(`audit.actions.${a}`, { defaultValue: a })}</Tag>
                ),
              },
              {
                title: t('audit.entity'),
                dataIndex: 'entity',
                width: 160,
                render: (e: string) => t(`audit.entities.${e}`, { defaultValue: e }),
              },
              {
                title: t('audit.entityId'),
                dataIndex: 'entity_id',
                render: (id: string | null) =>
                  id ? (
                    <Typography.Text
                      copyable={{ text: id }}
                      style={{ fontFamily: 'monospace', fontSize: 12, whiteSpace: 'nowrap' }}
                    >
                      {id}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
