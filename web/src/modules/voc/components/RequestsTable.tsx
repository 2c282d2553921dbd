import type { ResponseOf } from '@shared/endpoint';
import type { vocApi } from '@shared/voc';
import { Table, type TableProps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatMoney } from '../../../lib/format';
import { RequestStatusTag } from './StatusTag';

type Request = ResponseOf<typeof vocApi.listRequests>['items'][number];

/** Feature requests with their accounts, ARR and ARR renewing within 180 days (the list and the report). */
export function RequestsTable({ sortable, ...props }: TableProps<Request> & { sortable?: boolean }) {
  const { t } = useTranslation();
  const sorter = sortable ? { sorter: true, sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[] } : {};
  return (
    <Table<Request>
      size="small"
      rowKey="id"
      scroll={{ x: 'max-content' }}
      data-testid="requests-table"
      {...props}
      columns={[
        {
          title: t('voc.requests.title'),
          dataIndex: 'title',
          key: 'title',
          ...sorter,
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
        {
          title: t('voc.requests.accounts'),
          dataIndex: 'accounts',
          key: 'accounts',
          className: 'tenure-num',
          ...sorter,
        },
        {
          title: t('voc.requests.arr'),
          dataIndex: 'arrMinor',
          key: 'arr',
          className: 'tenure-num',
          ...sorter,
          render: (v: number, r) => formatMoney(v, r.currency),
        },
        {
          title: t('voc.requests.renewing'),
          dataIndex: 'renewingArrMinor',
          key: 'renewing',
          className: 'tenure-num',
          ...sorter,
          render: (v: number, r) => formatMoney(v, r.currency),
        },
        {
          title: t('voc.requests.created'),
          dataIndex: 'createdAt',
          key: 'created',
          ...sorter,
          render: (v: string) => formatDate(v),
        },
      ]}
    />
  );
}
