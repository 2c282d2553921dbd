import { Card, Checkbox, Col, Row, Segmented, Select, Space, Statistic, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CTA_PRIORITIES, CTA_TYPES } from '@shared/ctas';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions, useTeam } from '../../../hooks/useOptions';
import { useCan } from '../../auth/hooks/useMe';
import { CtaDrawer } from '../components/CtaDrawer';
import { CtaTable } from '../components/CtaTable';
import { type CtaFilters, useCtaList } from '../hooks/useCtas';
import { CtaNav } from '../components/CtaNav';

/**
 * The cockpit: my open CTAs by due date then priority; managers can switch to everyone's.
 * `?cta=<id>` opens that CTA's drawer — the link notifications and the digest send.
 */
export function CtasPage() {
  const { t } = useTranslation();
  const isManager = useCan('manage');
  const [params, setParams] = useSearchParams();
  // A link may narrow the list (?scope=all&ownerId=…&overdue=true, the Home's tiles).
  const [filters, setFilters] = useState<CtaFilters>(() => ({
    scope: params.get('scope') === 'all' ? 'all' : 'mine',
    status: 'active',
    ownerId: params.get('ownerId') ?? undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    page: 1,
    pageSize: 25,
  }));
  const openId = params.get('cta') ?? undefined;
  const setOpenId = (id: string | undefined) =>
    setParams((p) => {
      if (id) p.set('cta', id);
      else p.delete('cta');
      return p;
    });
  const list = useCtaList(filters);
  const types = useEnumOptions('ctas.type', CTA_TYPES);
  const priorities = useEnumOptions('ctas.priority', CTA_PRIORITIES);
  const statuses = useEnumOptions('ctas.statusFilter', ['active', 'open', 'snoozed', 'closed', 'all']);
  const set = (patch: Partial<CtaFilters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));
  const counts = list.data?.counts;
  const team = useTeam();
  const ownerName = (id: string) => team.data?.find((u) => u.id === id)?.name ?? '…';

  return (
    <>
      <PageHeader title={t('nav.ctas')} subtitle={t('ctas.subtitle')} />
      <CtaNav active="cockpit" />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {(['active', 'overdue', 'snoozed', 'flagged'] as const).map((k) => (
          <Col xs={12} md={6} key={k}>
            <Card size="small">
              <Statistic
                title={t(`ctas.counts.${k}`)}
                value={counts?.[k] ?? 0}
                valueStyle={k === 'overdue' && counts?.overdue ? { color: '#cf1322' } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          {isManager ? (
            <Segmented
              value={filters.scope}
              onChange={(v) => set({ scope: v as CtaFilters['scope'] })}
              options={[
                { value: 'mine', label: t('ctas.mine') },
                { value: 'all', label: t('ctas.everyone') },
              ]}
              data-testid="cta-scope"
            />
          ) : null}
          <Select
            style={{ minWidth: 140 }}
            value={filters.status}
            options={statuses}
            onChange={(status) => set({ status })}
          />
          <Select
            style={{ minWidth: 140 }}
            allowClear
            placeholder={t('ctas.typeLabel')}
            value={filters.type}
            options={types}
            onChange={(type) => set({ type })}
          />
          <Select
            style={{ minWidth: 120 }}
            allowClear
            placeholder={t('ctas.priorityLabel')}
            value={filters.priority}
            options={priorities}
            onChange={(priority) => set({ priority })}
          />
          <Checkbox
            checked={filters.overdue === true}
            onChange={(e) => set({ overdue: e.target.checked ? true : undefined })}
            data-testid="cta-overdue"
          >
            {t('ctas.overdueOnly')}
          </Checkbox>
          {filters.ownerId ? (
            <Tag closable onClose={() => set({ ownerId: undefined })} data-testid="cta-owner">
              {t('ctas.ownerFilter', { name: ownerName(filters.ownerId) })}
            </Tag>
          ) : null}
        </Space>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} compact />
        ) : (
          <CtaTable
            items={list.data?.items ?? []}
            total={list.data?.total ?? 0}
            page={filters.page}
            pageSize={filters.pageSize}
            loading={list.isFetching}
            onPage={(page, pageSize) => setFilters((f) => ({ ...f, page, pageSize }))}
            onOpen={setOpenId}
          />
        )}
      </Card>
      <CtaDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </>
  );
}
