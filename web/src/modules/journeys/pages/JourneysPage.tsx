import { PlusOutlined } from '@ant-design/icons';
import type { Wire } from '@shared/endpoint';
import { JOURNEY_STATUSES, type JourneyStatus, type JourneySummary } from '@shared/journeys';
import { Button, Card, Empty, Flex, Input, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useDebounced } from '../../../hooks/useDebounced';
import { formatNumber, fromNow } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { CreateJourneyModal } from '../components/CreateJourneyModal';
import { JourneyStatusTag } from '../components/JourneyStatusTag';
import { useJourneyList } from '../hooks/useJourneys';

/** Journeys: searched, filtered by status, most recently updated first, with how many are in, done and out. */
export function JourneysPage() {
  const { t } = useTranslation();
  const canManage = useCan('manage');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [status, setStatus] = useState<JourneyStatus>();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300) || undefined;
  const list = useJourneyList({ page, pageSize, status, q });
  const [creating, setCreating] = useState(false);

  const createButton = canManage ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="journey-new">
      {t('journeys.create')}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title={t('journeys.title')} subtitle={t('journeys.subtitle')} extra={createButton} />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            placeholder={t('journeys.search')}
            style={{ width: 260 }}
            data-testid="journeys-search"
          />
          <Select
            allowClear
            value={status}
            onChange={(s) => {
              setStatus(s);
              setPage(1);
            }}
            placeholder={t('journeys.status')}
            options={JOURNEY_STATUSES.map((s) => ({ value: s, label: t(`journeys.statuses.${s}`) }))}
            style={{ width: 160 }}
            data-testid="journeys-status"
          />
        </Flex>
        {list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} compact />
        ) : (
          <Table<Wire<JourneySummary>>
            size="small"
            rowKey="id"
            loading={list.isFetching}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            data-testid="journeys-table"
            locale={{
              emptyText: (
                <Empty description={q || status ? t('journeys.noMatches') : t('journeys.empty')}>
                  {q || status ? null : createButton}
                </Empty>
              ),
            }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              onChange: (p, size) => {
                setPage(size === pageSize ? p : 1);
                setPageSize(size);
              },
            }}
            columns={[
              {
                title: t('journeys.name'),
                dataIndex: 'name',
                render: (name: string, j) => <Link to={`/journeys/${j.id}`}>{name}</Link>,
              },
              {
                title: t('journeys.status'),
                dataIndex: 'status',
                render: (s: JourneyStatus, j) => (
                  <>
                    <JourneyStatusTag status={s} />
                    {j.hasUnpublishedChanges && j.version !== null ? (
                      <Tag color="orange">{t('journeys.unpublished')}</Tag>
                    ) : null}
                  </>
                ),
              },
              {
                title: t('journeys.entry'),
                dataIndex: 'entryKind',
                render: (k: string) => t(`journeys.entryKinds.${k}`),
              },
              { title: t('journeys.inJourney'), dataIndex: 'inJourney', align: 'right', render: formatNumber },
              { title: t('journeys.completed'), dataIndex: 'completed', align: 'right', render: formatNumber },
              { title: t('journeys.exited'), dataIndex: 'exited', align: 'right', render: formatNumber },
              { title: t('journeys.updated'), dataIndex: 'updatedAt', render: (d: string) => fromNow(d) },
            ]}
          />
        )}
      </Card>
      <CreateJourneyModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
