import { FEATURE_REQUEST_STATUSES, type FeatureRequestStatus } from '@shared/voc';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { NotFoundPage } from '../../../components/NotFoundPage';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDate, formatDateTime, formatMoney } from '../../../lib/format';
import { ApiError } from '../../../api/client';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { ContactSelect } from '../components/ContactSelect';
import { useCan } from '../../auth/hooks/useMe';
import { RequestStatusTag } from '../components/StatusTag';
import { VocNav } from '../components/VocNav';
import { useAddRequestAccount, useFeatureRequest, useRemoveRequestAccount, useUpdateRequest } from '../hooks/useVoc';

/**
 * One feature request (`/voc/requests/:id`): its status (shipped opens a "tell the customer" CTA for each
 * requesting account's owner), and the accounts that asked with their ARR and renewal.
 */
export function FeatureRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const canWrite = useCan('write');
  const request = useFeatureRequest(id);
  const update = useUpdateRequest(id);
  const add = useAddRequestAccount();
  const remove = useRemoveRequestAccount();
  const statusOptions = useEnumOptions('voc.statuses', FEATURE_REQUEST_STATUSES);
  const [editing, setEditing] = useState<{ title: string; productArea: string; description: string } | null>(null);

  if (request.isError && request.error instanceof ApiError && request.error.status === 404) return <NotFoundPage />;
  if (request.isPending) return <Skeleton active />;
  if (request.isError) return <QueryError error={request.error} onRetry={() => void request.refetch()} />;
  const r = request.data;

  return (
    <>
      <PageHeader
        title={r.title}
        subtitle={r.productArea ?? undefined}
        extra={
          canWrite ? (
            <>
              <Select<FeatureRequestStatus>
                value={r.status}
                options={statusOptions}
                onChange={(status) => update.mutate({ status })}
                style={{ minWidth: 140 }}
                data-testid="request-status-select"
              />
              <Button
                onClick={() =>
                  setEditing({ title: r.title, productArea: r.productArea ?? '', description: r.description ?? '' })
                }
              >
                {t('common.edit')}
              </Button>
            </>
          ) : null
        }
      />
      <VocNav />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card size="small">
            {editing ? (
              <Flex vertical gap={8}>
                <Input
                  value={editing.title}
                  maxLength={300}
                  onChange={(e) => setEditing({ ...editing, title: e.target.value })}
                />
                <Input
                  value={editing.productArea}
                  maxLength={100}
                  placeholder={t('voc.requests.productArea')}
                  onChange={(e) => setEditing({ ...editing, productArea: e.target.value })}
                />
                <Input.TextArea
                  value={editing.description}
                  rows={4}
                  maxLength={5000}
                  placeholder={t('voc.requests.description')}
                  onChange={(e) => setEditing({ ...editing, description: e.target.value })}
                />
                <Flex gap={8} justify="end">
                  <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
                  <Button
                    type="primary"
                    loading={update.isPending}
                    onClick={() =>
                      update.mutate(
                        {
                          title: editing.title,
                          productArea: editing.productArea.trim() || null,
                          description: editing.description.trim() || null,
                        },
                        { onSuccess: () => setEditing(null) },
                      )
                    }
                  >
                    {t('common.save')}
                  </Button>
                </Flex>
              </Flex>
            ) : (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('voc.requests.status')}>
                  <RequestStatusTag status={r.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('voc.requests.arr')}>
                  <span className="tenure-num" data-testid="request-arr">
                    {formatMoney(r.arrMinor, r.currency)}
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label={t('voc.requests.renewing')}>
                  <span className="tenure-num">{formatMoney(r.renewingArrMinor, r.currency)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('voc.requests.createdBy')}>
                  {r.createdBy?.name ?? '—'} · {formatDate(r.createdAt)}
                </Descriptions.Item>
                {r.shippedAt ? (
                  <Descriptions.Item label={t('voc.requests.shippedAt')}>
                    {formatDateTime(r.shippedAt)}
                  </Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('voc.requests.description')}>
                  <Typography.Paragraph className="tenure-pre" style={{ margin: 0 }}>
                    {r.description ?? '—'}
                  </Typography.Paragraph>
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            title={t('voc.requests.requesters', { count: r.requesters.length })}
            extra={
              canWrite ? (
                <AccountSelect
                  value={null}
                  placeholder={t('voc.requests.addAccount')}
                  style={{ minWidth: 240 }}
                  onChange={(accountId) => typeof accountId === 'string' && add.mutate({ id, accountId })}
                />
              ) : null
            }
          >
            <Table
              size="small"
              rowKey="accountId"
              scroll={{ x: 'max-content' }}
              dataSource={r.requesters}
              pagination={false}
              data-testid="requesters"
              locale={{ emptyText: <Empty description={t('voc.requests.noRequesters')} /> }}
              columns={[
                {
                  title: t('voc.requests.account'),
                  dataIndex: 'accountName',
                  render: (name: string, x) => (
                    <div>
                      <Link to={`/accounts/${x.accountId}`}>{name}</Link>
                      {canWrite ? (
                        <div>
                          <ContactSelect
                            accountId={x.accountId}
                            value={x.contact?.id}
                            onChange={(contactId) => add.mutate({ id, accountId: x.accountId, contactId })}
                            testId="requester-contact"
                            allowClear={false}
                          />
                        </div>
                      ) : x.contact ? (
                        <div>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {x.contact.name}
                          </Typography.Text>
                        </div>
                      ) : null}
                    </div>
                  ),
                },
                {
                  title: t('voc.requests.owner'),
                  dataIndex: 'owner',
                  render: (o: { name: string } | null) => o?.name ?? '—',
                },
                {
                  title: t('voc.requests.arr'),
                  dataIndex: 'arrMinor',
                  className: 'tenure-num',
                  render: (v: number | null) => (v === null ? '—' : formatMoney(v, r.currency)),
                },
                {
                  title: t('voc.requests.renewalOn'),
                  dataIndex: 'renewalOn',
                  render: (on: string | null, x) =>
                    on ? (
                      <>
                        {formatDate(on)} {x.renewingSoon ? <Tag color="orange">{t('voc.requests.atStake')}</Tag> : null}
                      </>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: t('voc.requests.cta'),
                  dataIndex: 'ctaId',
                  render: (cta: string | null) =>
                    cta ? (
                      <Link to={`/ctas?cta=${cta}`} data-testid="requester-cta">
                        {t('voc.requests.ctaOpened')}
                      </Link>
                    ) : (
                      '—'
                    ),
                },
                ...(canWrite
                  ? [
                      {
                        key: 'remove',
                        render: (_: unknown, x: { accountId: string }) => (
                          <Popconfirm
                            title={t('voc.requests.removeConfirm')}
                            onConfirm={() => remove.mutate({ id, accountId: x.accountId })}
                          >
                            <Button size="small" type="link" danger>
                              {t('common.remove')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
