import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/forms';
import type { Segment } from '@shared/segments';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatNumber, fromNow } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { ConditionTags } from '../../conditions/components/ConditionTags';
import { SegmentModal } from '../components/SegmentModal';
import { useDeleteSegment, useSegments } from '../hooks/useSegments';
import { readableConditions } from '../storedRules';

const membersLink = (s: Segment) => `/accounts?segmentId=${s.id}`;

export function SegmentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const segments = useSegments();
  const canWrite = useCan('write');
  const canManage = useCan('manage');
  const remove = useDeleteSegment();
  const [editing, setEditing] = useState<Segment | 'new' | null>(null);

  const createButton = canWrite ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="segment-create">
      {t('segments.create')}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title={t('nav.segments')} subtitle={t('segments.subtitle')} extra={createButton} />
      <Card styles={{ body: { padding: segments.isError ? 24 : 0 } }}>
        {segments.isError ? (
          <QueryError error={segments.error} onRetry={() => void segments.refetch()} compact />
        ) : (
          <Table<Segment>
            rowKey="id"
            loading={segments.isPending}
            dataSource={segments.data}
            pagination={false}
            locale={{ emptyText: <Empty description={t('segments.empty')}>{createButton}</Empty> }}
            columns={[
              {
                title: t('segments.name'),
                dataIndex: 'name',
                width: 240,
                render: (name: string, s) => (
                  <div>
                    <Link to={membersLink(s)} data-testid="segment-link">
                      {name}
                    </Link>
                    {s.invalid ? (
                      // Saved before today's checks (or edited by hand): other pages skip it until its rules are fixed.
                      <Tooltip title={s.invalidReason}>
                        <Tag color="error" style={{ marginLeft: 8 }} data-testid="segment-invalid">
                          {t('segments.invalid')}
                        </Tag>
                      </Tooltip>
                    ) : null}
                    {s.description ? (
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {s.description}
                        </Typography.Text>
                      </div>
                    ) : null}
                  </div>
                ),
              },
              {
                title: t('segments.rules'),
                key: 'rules',
                render: (_, s) => (
                  <ConditionTags conditions={readableConditions(s.rules.conditions)} match={s.rules.match} />
                ),
              },
              {
                title: t('segments.members'),
                dataIndex: 'memberCount',
                width: 110,
                align: 'right',
                render: (n: number | null, s) =>
                  n === null ? '—' : <Link to={membersLink(s)}>{formatNumber(n)}</Link>,
              },
              { title: t('fields.updated_at'), dataIndex: 'updatedAt', width: 140, render: (v: string) => fromNow(v) },
              ...(canWrite
                ? [
                    {
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, s: Segment) => (
                        <Space size={0}>
                          <Button
                            type="text"
                            icon={<EditOutlined />}
                            onClick={() => setEditing(s)}
                            aria-label={t('common.edit')}
                          />
                          {canManage ? (
                            <Popconfirm
                              title={t('segments.deleteConfirm', { name: s.name })}
                              okText={t('common.delete')}
                              okButtonProps={{ danger: true }}
                              cancelText={t('common.cancel')}
                              onConfirm={() =>
                                remove.mutateAsync(s.id).catch((error: unknown) => message.error(errorMessage(error)))
                              }
                            >
                              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                            </Popconfirm>
                          ) : null}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {canWrite ? (
        <SegmentModal
          open={editing !== null}
          segment={editing === 'new' ? undefined : (editing ?? undefined)}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
