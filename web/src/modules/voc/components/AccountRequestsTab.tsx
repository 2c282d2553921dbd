import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDebounced } from '../../../hooks/useDebounced';
import { formatMoney } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useAddRequestAccount, useFeatureRequests } from '../hooks/useVoc';
import { RequestModal } from './RequestModal';
import { RequestStatusTag } from './StatusTag';

/** The feature requests this account made, a new one, or this account added to an existing one (the 360). */
export function AccountRequestsTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const canWrite = useCan('write');
  const requests = useFeatureRequests({ accountId, sort: 'created', pageSize: 100 });
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const q = useDebounced(search, 250);
  const candidates = useFeatureRequests({ q: q || undefined, pageSize: 20, sort: 'arr' });
  const add = useAddRequestAccount();
  const mine = new Set((requests.data?.items ?? []).map((r) => r.id));

  return (
    <div style={{ marginTop: 8 }}>
      {canWrite ? (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} type="primary" onClick={() => setCreating(true)} data-testid="request-new">
            {t('voc.requests.new')}
          </Button>
          <Select
            showSearch
            filterOption={false}
            value={null}
            onSearch={setSearch}
            placeholder={t('voc.requests.addTo')}
            style={{ minWidth: 280 }}
            loading={candidates.isFetching}
            options={(candidates.data?.items ?? [])
              .filter((r) => !mine.has(r.id))
              .map((r) => ({ value: r.id, label: r.title }))}
            onChange={(id: string | null) => id && add.mutate({ id, accountId })}
            data-testid="request-add-to"
          />
        </Flex>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        scroll={{ x: 'max-content' }}
        loading={requests.isPending}
        dataSource={requests.data?.items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('voc.requests.noneForAccount')} /> }}
        data-testid="account-requests"
        columns={[
          {
            title: t('voc.requests.title'),
            dataIndex: 'title',
            render: (title: string, r) => (
              <div>
                <Link to={`/voc/requests/${r.id}`}>{title}</Link>
                {r.productArea ? (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.productArea}
                    </Typography.Text>
                  </div>
                ) : null}
              </div>
            ),
          },
          { title: t('voc.requests.status'), dataIndex: 'status', render: (s) => <RequestStatusTag status={s} /> },
          { title: t('voc.requests.accounts'), dataIndex: 'accounts', className: 'tenure-num' },
          {
            title: t('voc.requests.arr'),
            dataIndex: 'arrMinor',
            className: 'tenure-num',
            render: (v: number, r) => formatMoney(v, r.currency),
          },
        ]}
      />
      <RequestModal open={creating} accountId={accountId} onClose={() => setCreating(false)} />
    </div>
  );
}
