import { PlusOutlined } from '@ant-design/icons';
import { FEATURE_REQUEST_STATUSES, type FeatureRequestListQuery } from '@shared/voc';
import { Button, Empty, Flex, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useDebounced } from '../../../hooks/useDebounced';
import { useEnumOptions } from '../../../hooks/useOptions';
import { useCan } from '../../auth/hooks/useMe';
import { RequestModal } from '../components/RequestModal';
import { RequestsTable } from '../components/RequestsTable';
import { VocNav } from '../components/VocNav';
import { useFeatureRequests } from '../hooks/useVoc';

const PAGE_SIZE = 20;

/** Feature requests (`/voc/requests`): searchable, by status, sorted by ARR (or renewing ARR, accounts …). */
export function FeatureRequestsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan('write');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [status, setStatus] = useState<FeatureRequestListQuery['status']>();
  const [sort, setSort] = useState<{ sort: FeatureRequestListQuery['sort']; order: 'asc' | 'desc' }>({
    sort: 'arr',
    order: 'desc',
  });
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const statusOptions = useEnumOptions('voc.statuses', FEATURE_REQUEST_STATUSES);
  const requests = useFeatureRequests({ q: q || undefined, status, ...sort, page, pageSize: PAGE_SIZE });

  return (
    <>
      <PageHeader
        title={t('voc.requests.pageTitle')}
        subtitle={t('voc.requests.subtitle')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="request-new">
              {t('voc.requests.new')}
            </Button>
          ) : null
        }
      />
      <VocNav />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          placeholder={t('voc.requests.search')}
          style={{ maxWidth: 320 }}
          data-testid="requests-search"
        />
        <Select
          allowClear
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={statusOptions}
          placeholder={t('voc.requests.allStatuses')}
          style={{ minWidth: 160 }}
        />
      </Flex>
      {requests.isError ? (
        <QueryError error={requests.error} onRetry={() => void requests.refetch()} />
      ) : (
        <RequestsTable
          sortable
          loading={requests.isFetching}
          dataSource={requests.data?.items}
          locale={{ emptyText: <Empty description={t('voc.requests.none')} /> }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: requests.data?.total ?? 0, showSizeChanger: false }}
          onChange={(pagination, _filters, sorter) => {
            setPage(pagination.current ?? 1);
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            if (one?.order && one.columnKey)
              setSort({
                sort: one.columnKey as FeatureRequestListQuery['sort'],
                order: one.order === 'ascend' ? 'asc' : 'desc',
              });
            else setSort({ sort: 'arr', order: 'desc' });
          }}
        />
      )}
      <RequestModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => navigate(`/voc/requests/${id}`)}
      />
    </>
  );
}
