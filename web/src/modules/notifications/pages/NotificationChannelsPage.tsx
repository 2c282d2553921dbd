import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import {
  type Channel,
  type ChannelInput,
  useChannels,
  useDeleteChannel,
  useSaveChannel,
  useTestChannel,
} from '../hooks/useNotifications';

const KINDS: Channel['kind'][] = ['wecom', 'dingtalk', 'feishu', 'slack'];

/** Settings → Notifications: chat robots and the events each one receives. */
export function NotificationChannelsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const channels = useChannels();
  const remove = useDeleteChannel();
  const test = useTestChannel();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);

  if (channels.isError) return <QueryError error={channels.error} onRetry={() => void channels.refetch()} />;
  return (
    <>
      <PageHeader
        title={t('notifications.channels.title')}
        subtitle={t('notifications.channels.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('notifications.channels.add')}
          </Button>
        }
      />
      <Card>
        <Table<Channel>
          rowKey="id"
          loading={channels.isPending}
          dataSource={channels.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('notifications.channels.empty') }}
          columns={[
            { title: t('notifications.channels.name'), dataIndex: 'name' },
            {
              title: t('notifications.channels.kind'),
              dataIndex: 'kind',
              render: (k: Channel['kind']) => <Tag>{t(`notifications.kinds.${k}`)}</Tag>,
            },
            {
              title: t('notifications.channels.events'),
              dataIndex: 'events',
              render: (events: string[]) =>
                events.map((e) => (
                  <Tag key={e}>{t(`notifications.eventNames.${e.replaceAll('.', '_')}`, { defaultValue: e })}</Tag>
                )),
            },
            {
              title: t('notifications.channels.secret'),
              dataIndex: 'hasSecret',
              render: (v: boolean) => (v ? t('notifications.channels.secretSet') : '—'),
            },
            {
              title: t('notifications.channels.enabled'),
              dataIndex: 'enabled',
              render: (v: boolean) => (v ? t('notifications.channels.on') : t('notifications.channels.off')),
            },
            {
              title: '',
              key: 'actions',
              render: (_, c) => (
                <Space>
                  <Button
                    size="small"
                    icon={<SendOutlined />}
                    loading={test.isPending && test.variables === c.id}
                    onClick={() =>
                      test.mutate(c.id, {
                        onSuccess: (r) =>
                          r.ok
                            ? void message.success(t('notifications.channels.testOk'))
                            : void message.error(t('notifications.channels.testFailed', { error: r.error })),
                      })
                    }
                  >
                    {t('notifications.channels.test')}
                  </Button>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(c)}
                    aria-label={t('common.edit')}
                  />
                  <Popconfirm title={t('notifications.channels.confirmDelete')} onConfirm={() => remove.mutate(c.id)}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing ? (
        <ChannelModal
          channel={editing === 'new' ? null : editing}
          events={channels.data?.events ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function ChannelModal({
  channel,
  events,
  onClose,
}: {
  channel: Channel | null;
  events: string[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChannelInput>();
  const save = useSaveChannel();
  const [error, setError] = useState<string>();
  const kind = Form.useWatch('kind', form);
  const submit = async () => {
    const values = await form.validateFields();
    // An empty secret field keeps the stored secret (it is never sent back to the browser).
    const input: ChannelInput = { ...values, secret: values.secret ? values.secret : undefined };
    save.mutate(
      { id: channel?.id, input },
      { onSuccess: onClose, onError: (e) => setError(applyServerErrors(form, e)) },
    );
  };
  return (
    <Modal
      open
      title={channel ? t('notifications.channels.edit') : t('notifications.channels.add')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={channel ?? { kind: 'wecom', events: [...events], enabled: true }}
      >
        <Form.Item name="kind" label={t('notifications.channels.kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`notifications.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('notifications.channels.name')}
          rules={[{ required: true, message: t('notifications.channels.nameRequired') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('notifications.channels.url')}
          rules={[{ required: true, type: 'url', message: t('notifications.channels.urlRequired') }]}
        >
          <Input placeholder="https://" />
        </Form.Item>
        {kind === 'dingtalk' || kind === 'feishu' ? (
          <Form.Item
            name="secret"
            label={t('notifications.channels.secret')}
            extra={channel?.hasSecret ? t('notifications.channels.secretKept') : t('notifications.channels.secretHelp')}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item name="events" label={t('notifications.channels.events')}>
          <Select
            mode="multiple"
            options={events.map((e) => ({
              value: e,
              label: t(`notifications.eventNames.${e.replaceAll('.', '_')}`, { defaultValue: e }),
            }))}
          />
        </Form.Item>
        <Form.Item name="enabled" label={t('notifications.channels.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      </Form>
    </Modal>
  );
}
