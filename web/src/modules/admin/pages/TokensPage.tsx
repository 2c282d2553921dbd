import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '@shared/roles';
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import type { ApiToken } from '@shared/auth';
import { PageHeader } from '../../../components/PageHeader';
import { SecretOnceModal } from '../../../components/SecretOnceModal';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDateTime, fromNow } from '../../../lib/format';
import { useCreateToken, useRevokeToken, useTokens } from '../hooks/useAdmin';

export function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const roles = useEnumOptions('roles', ROLES);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [form] = Form.useForm<{ name: string; role: Role }>();

  const submit = (values: { name: string; role: Role }) =>
    create.mutate(values, {
      onSuccess: (created) => {
        setCreating(false);
        setSecret({ name: created.name, token: created.token });
      },
      onError: (error) => {
        const rest = applyServerErrors(form, error);
        if (rest) message.error(rest);
      },
    });

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
      {t('tokens.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('nav.tokens')} subtitle={t('tokens.subtitle')} extra={createButton} />
      <Card styles={{ body: { padding: 0 } }}>
        {tokens.isError ? (
          <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} compact />
        ) : (
          <Table<ApiToken>
            rowKey="id"
            loading={tokens.isPending}
            dataSource={tokens.data}
            pagination={false}
            locale={{ emptyText: <Empty description={t('tokens.empty')}>{createButton}</Empty> }}
            columns={[
              {
                title: t('tokens.name'),
                dataIndex: 'name',
                render: (n: string) => <Typography.Text strong>{n}</Typography.Text>,
              },
              {
                title: t('tokens.prefix'),
                dataIndex: 'prefix',
                width: 170,
                render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
              },
              { title: t('users.role'), dataIndex: 'role', width: 150, render: (r: Role) => t(`roles.${r}`) },
              { title: t('tokens.created'), dataIndex: 'created_at', width: 170, render: formatDateTime },
              {
                title: t('tokens.lastUsed'),
                dataIndex: 'last_used_at',
                width: 140,
                render: (v?: string | null) => (v ? fromNow(v) : t('users.never')),
              },
              {
                title: t('users.status'),
                key: 'status',
                width: 110,
                render: (_, tk) =>
                  tk.revoked_at ? <Tag>{t('tokens.revoked')}</Tag> : <Tag color="green">{t('users.active')}</Tag>,
              },
              {
                key: 'actions',
                width: 110,
                render: (_, tk) =>
                  tk.revoked_at ? null : (
                    <Popconfirm
                      title={t('tokens.revokeConfirm', { name: tk.name })}
                      description={t('tokens.revokeHelp')}
                      okText={t('tokens.revoke')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        revoke.mutateAsync(tk.id).catch((error: unknown) => message.error(errorMessage(error)))
                      }
                    >
                      <Button type="link" danger size="small" icon={<StopOutlined />}>
                        {t('tokens.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={creating}
        title={t('tokens.create')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setCreating(false)}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'viewer' }} preserve={false}>
          <Form.Item
            name="name"
            label={t('tokens.name')}
            rules={[{ required: true, whitespace: true, message: t('tokens.nameRequired') }]}
            extra={t('tokens.nameHelp')}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="role" label={t('users.role')} extra={t('tokens.roleHelp')}>
            <Select options={roles} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnceModal
        secret={secret?.token ?? null}
        title={t('tokens.createdTitle', { name: secret?.name ?? '' })}
        warning={t('tokens.showOnce')}
        note={t('tokens.usage')}
        testId="token-secret"
        onClose={() => setSecret(null)}
      />
    </>
  );
}
