import type { Wire } from '@shared/endpoint';
import type { MessageTemplate as Template } from '@shared/messaging';
import { Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InboundIntakeCard } from '../components/InboundIntakeCard';
import { TemplateEditor } from '../components/TemplateEditor';
import {
  useAddSuppression,
  useDeleteTemplate,
  useRemoveSuppression,
  useSuppressions,
  useTemplates,
} from '../hooks/useMessaging';

/** Settings → Messages: customer message templates, the suppression list, the intake of replies and bounces (docs/messaging.md). */
export function MessagingSettingsPage() {
  const { t } = useTranslation();
  const templates = useTemplates();
  const remove = useDeleteTemplate();
  const suppressions = useSuppressions();
  const addSuppression = useAddSuppression();
  const removeSuppression = useRemoveSuppression();
  const [editing, setEditing] = useState<Wire<Template> | 'new'>();
  const [address, setAddress] = useState('');

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('messaging.title')}</Typography.Title>
      <Card
        title={t('messaging.templates')}
        extra={
          <Button type="primary" onClick={() => setEditing('new')} data-testid="new-template">
            {t('messaging.newTemplate')}
          </Button>
        }
      >
        <Table
          rowKey="id"
          loading={templates.isLoading}
          dataSource={templates.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={false}
          columns={[
            {
              title: t('messaging.name'),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Space size={4}>
                  <Button type="link" onClick={() => setEditing(row)}>
                    {name}
                  </Button>
                  {row.builtin ? (
                    <Tag color="blue" data-testid="template-builtin">
                      {t('messaging.builtin')}
                    </Tag>
                  ) : null}
                </Space>
              ),
            },
            {
              title: t('messaging.channel'),
              dataIndex: 'channel',
              render: (c: string) => t(`messaging.channels.${c}`),
            },
            {
              title: t('messaging.messageType'),
              dataIndex: 'messageType',
              render: (c: string) => <Tag>{t(`messaging.types.${c}`)}</Tag>,
            },
            {
              title: '',
              key: 'actions',
              // A built-in template is what another module sends (the monthly value report): edited, never deleted.
              render: (_: unknown, row) =>
                row.builtin ? null : (
                  <Popconfirm title={t('messaging.deleteConfirm')} onConfirm={() => remove.mutate(row.id)}>
                    <Button danger type="link">
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('messaging.suppressions')}>
        <Space style={{ marginBottom: 12 }}>
          <Input
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            placeholder={t('messaging.suppressAddress')}
            style={{ minWidth: 280 }}
          />
          <Button
            disabled={!address.trim()}
            onClick={() => addSuppression.mutate(address.trim(), { onSuccess: () => setAddress('') })}
          >
            {t('messaging.suppress')}
          </Button>
        </Space>
        <Table
          rowKey="address"
          loading={suppressions.isLoading}
          dataSource={suppressions.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('messaging.address'), dataIndex: 'address' },
            {
              title: t('messaging.reason'),
              dataIndex: 'reason',
              render: (r: string) => t(`messaging.suppressionReasons.${r}`),
            },
            { title: t('messaging.detail'), dataIndex: 'detail' },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, row) => (
                <Button type="link" onClick={() => removeSuppression.mutate(row.address)}>
                  {t('messaging.unsuppress')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <InboundIntakeCard />
      {editing ? (
        <TemplateEditor template={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      ) : null}
    </Space>
  );
}
