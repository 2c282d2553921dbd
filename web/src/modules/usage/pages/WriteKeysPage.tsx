import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { welcomeApi } from '@shared/welcome';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { SecretOnceModal } from '../../../components/SecretOnceModal';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, fromNow } from '../../../lib/format';
import { type WriteKeyRow, useCreateWriteKey, useRevokeWriteKey, useWriteKeys } from '../hooks/useUsage';

/** Settings → Write keys: the ingest-only keys the tracking API (/v1, Segment-compatible) accepts. */
export function WriteKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keys = useWriteKeys();
  const create = useCreateWriteKey();
  const revoke = useRevokeWriteKey();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const endpoint = `${window.location.origin}/v1`;

  const submit = (values: { name: string }) =>
    create.mutate(values, {
      onSuccess: (created) => {
        setCreating(false);
        setSecret({ name: created.name, key: created.key });
      },
      onError: (error) => {
        const rest = applyServerErrors(form, error);
        if (rest) message.error(rest);
      },
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="write-key-create">
      {t('writeKeys.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.writeKeys')} subtitle={t('writeKeys.subtitle')} extra={createButton} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('writeKeys.howTitle')}
        description={
          <>
            <div>{t('writeKeys.howEndpoint')}</div>
            <Typography.Text code copyable>
              {endpoint}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>{t('writeKeys.howAuth')}</div>
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {keys.isError ? (
          <QueryError error={keys.error} onRetry={() => void keys.refetch()} compact />
        ) : (
          <Table<WriteKeyRow>
            rowKey="id"
            loading={keys.isPending}
            dataSource={keys.data}
            pagination={false}
            locale={{ emptyText: <Empty description={t('writeKeys.empty')}>{createButton}</Empty> }}
            columns={[
              {
                title: t('writeKeys.name'),
                dataIndex: 'name',
                render: (n: string) => <Typography.Text strong>{n}</Typography.Text>,
              },
              {
                title: t('writeKeys.prefix'),
                dataIndex: 'prefix',
                width: 170,
                render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
              },
              { title: t('writeKeys.created'), dataIndex: 'created_at', width: 170, render: formatDateTime },
              {
                title: t('writeKeys.lastUsed'),
                dataIndex: 'last_used_at',
                width: 140,
                render: (v?: string | null) => (v ? fromNow(v) : t('users.never')),
              },
              {
                title: t('users.status'),
                key: 'status',
                width: 110,
                render: (_, k) =>
                  k.revoked_at ? <Tag>{t('writeKeys.revoked')}</Tag> : <Tag color="green">{t('users.active')}</Tag>,
              },
              {
                key: 'actions',
                width: 110,
                render: (_, k) =>
                  k.revoked_at ? null : (
                    <Popconfirm
                      title={t('writeKeys.revokeConfirm', { name: k.name })}
                      description={t('writeKeys.revokeHelp')}
                      okText={t('writeKeys.revoke')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        revoke.mutateAsync(k.id).catch((error: unknown) => message.error(errorMessage(error)))
                      }
                    >
                      <Button type="link" danger size="small" icon={<StopOutlined />}>
                        {t('writeKeys.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <IdentitySecretCard />
      <Modal
        open={creating}
        title={t('writeKeys.create')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="name"
            label={t('writeKeys.name')}
            rules={[{ required: true, whitespace: true, message: t('writeKeys.nameRequired') }]}
            extra={t('writeKeys.nameHelp')}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnceModal
        secret={secret?.key ?? null}
        title={t('writeKeys.createdTitle', { name: secret?.name ?? '' })}
        warning={t('writeKeys.showOnce')}
        note={t('writeKeys.howAuth')}
        testId="write-key-secret"
        onClose={() => setSecret(null)}
      />
    </>
  );
}

/**
 * The identity verification secret: the customer's server signs each signed-in user's id with it
 * (userHash) so that GET /v1/messages answers only that user (docs/tracking.md). Fetched on demand.
 */
function IdentitySecretCard() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const secret = useQuery({
    queryKey: ['settings', 'identity-secret'],
    queryFn: () => call(welcomeApi.identitySecret),
    enabled: shown,
  });
  return (
    <Card title={t('writeKeys.identityTitle')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('writeKeys.identityHelp')}</Typography.Paragraph>
      {secret.isError ? (
        <QueryError error={secret.error} onRetry={() => void secret.refetch()} compact />
      ) : secret.data ? (
        <Typography.Paragraph
          copyable={{ text: secret.data.secret }}
          code
          style={{ wordBreak: 'break-all' }}
          data-testid="identity-secret"
        >
          {secret.data.secret}
        </Typography.Paragraph>
      ) : (
        <Button onClick={() => setShown(true)} loading={shown && secret.isPending} data-testid="identity-secret-show">
          {t('writeKeys.identityShow')}
        </Button>
      )}
      <Typography.Text type="secondary">{t('writeKeys.identityExample')}</Typography.Text>
      <Typography.Paragraph code copyable style={{ marginTop: 4 }}>
        {"crypto.createHmac('sha256', SECRET).update(userId).digest('hex')"}
      </Typography.Paragraph>
    </Card>
  );
}
