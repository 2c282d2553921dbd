import { DeleteOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '@shared/roles';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { SecretOnceModal } from '../../../components/SecretOnceModal';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDateTime, fromNow } from '../../../lib/format';
import {
  useCreateScimToken,
  useRevokeScimToken,
  useRotateScimToken,
  useSaveScimMappings,
  useScimStatus,
} from '../hooks/useScim';

type Status = NonNullable<ReturnType<typeof useScimStatus>['data']>;
type TokenRow = Status['tokens'][number];
type RequestRow = Status['recentRequests'][number];

/**
 * Settings → User provisioning (SCIM) (docs/scim.md): what to paste into the identity provider (base URL and
 * a token shown once), which group gives which role, and what the provider has done lately.
 */
export function ScimSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useScimStatus();
  const create = useCreateScimToken();
  const rotate = useRotateScimToken();
  const revoke = useRevokeScimToken();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const submit = (values: { name: string }) =>
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
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="scim-token-create">
      {t('scim.createToken')}
    </Button>
  );

  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const data = status.data;

  return (
    <>
      <PageHeader title={t('nav.scim')} subtitle={t('scim.subtitle')} extra={createButton} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('scim.howTitle')}
        description={
          <>
            <div>{t('scim.howBaseUrl')}</div>
            <Typography.Text code copyable data-testid="scim-base-url">
              {data?.baseUrl ?? '…'}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>{t('scim.howAuth')}</div>
          </>
        }
      />
      <Card title={t('scim.tokens')} styles={{ body: { padding: 0 } }}>
        <Table<TokenRow>
          rowKey="id"
          loading={status.isPending}
          dataSource={data?.tokens}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('scim.noTokens')}>{createButton}</Empty> }}
          columns={[
            {
              title: t('scim.tokenName'),
              dataIndex: 'name',
              render: (n: string) => <Typography.Text strong>{n}</Typography.Text>,
            },
            {
              title: t('scim.prefix'),
              dataIndex: 'prefix',
              render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
            },
            { title: t('scim.created'), dataIndex: 'created_at', render: formatDateTime },
            {
              title: t('scim.lastUsed'),
              dataIndex: 'last_used_at',
              render: (v?: string | null) => (v ? fromNow(v) : t('users.never')),
            },
            {
              title: t('users.status'),
              key: 'status',
              render: (_, k) =>
                k.revoked_at ? <Tag>{t('scim.revoked')}</Tag> : <Tag color="green">{t('users.active')}</Tag>,
            },
            {
              key: 'actions',
              render: (_, k) =>
                k.revoked_at ? null : (
                  <Space size={0}>
                    <Popconfirm
                      title={t('scim.rotateConfirm', { name: k.name })}
                      description={t('scim.rotateHelp')}
                      okText={t('scim.rotate')}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        rotate
                          .mutateAsync(k.id)
                          .then((rotated) => setSecret({ name: rotated.name, token: rotated.token }))
                          .catch((error: unknown) => message.error(errorMessage(error)))
                      }
                    >
                      <Button type="link" size="small" icon={<ReloadOutlined />}>
                        {t('scim.rotate')}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('scim.revokeConfirm', { name: k.name })}
                      description={t('scim.revokeHelp')}
                      okText={t('scim.revoke')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        revoke.mutateAsync(k.id).catch((error: unknown) => message.error(errorMessage(error)))
                      }
                    >
                      <Button type="link" danger size="small" icon={<StopOutlined />}>
                        {t('scim.revoke')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      {data && <MappingsCard mappings={data.mappings} groups={data.groups} />}
      {data && <ActivityCard data={data} />}
      <Modal
        open={creating}
        title={t('scim.createToken')}
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
            label={t('scim.tokenName')}
            rules={[{ required: true, whitespace: true, message: t('scim.nameRequired') }]}
            extra={t('scim.nameHelp')}
          >
            <Input maxLength={200} data-testid="scim-token-name" />
          </Form.Item>
        </Form>
      </Modal>
      <SecretOnceModal
        secret={secret?.token ?? null}
        title={t('scim.createdTitle', { name: secret?.name ?? '' })}
        warning={t('scim.showOnce')}
        testId="scim-token-secret"
        onClose={() => setSecret(null)}
      />
    </>
  );
}

interface MappingForm {
  mappings: { group: string; role: Role }[];
}

function MappingsCard({ mappings, groups }: Pick<Status, 'mappings' | 'groups'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveScimMappings();
  const roles = useEnumOptions('roles', ROLES);
  const [form] = Form.useForm<MappingForm>();
  useEffect(() => form.setFieldsValue({ mappings }), [form, mappings]);
  const groupOptions = groups.map((g) => ({ value: g.displayName }));

  return (
    <Card title={t('scim.mappings')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('scim.mappingsHelp')}</Typography.Paragraph>
      <Form<MappingForm>
        form={form}
        initialValues={{ mappings }}
        onFinish={(values) =>
          save.mutate(values.mappings ?? [], {
            onError: (error) => {
              const rest = applyServerErrors(form, error);
              if (rest) message.error(rest);
            },
          })
        }
      >
        <Form.List name="mappings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'group']}
                    rules={[{ required: true, whitespace: true, message: t('scim.groupRequired') }]}
                  >
                    <AutoComplete
                      options={groupOptions}
                      style={{ minWidth: 260 }}
                      placeholder={t('scim.groupPlaceholder')}
                      data-testid="scim-mapping-group"
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: t('scim.roleRequired') }]}>
                    <Select options={roles} style={{ minWidth: 180 }} data-testid="scim-mapping-role" />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                    {t('common.remove')}
                  </Button>
                </Space>
              ))}
              <Space>
                <Button icon={<PlusOutlined />} onClick={() => add({ group: '', role: 'csm' })}>
                  {t('scim.addMapping')}
                </Button>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="scim-mappings-save">
                  {t('common.save')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

function ActivityCard({ data }: { data: Status }) {
  const { t } = useTranslation();
  return (
    <Card title={t('scim.activity')} style={{ marginTop: 16 }}>
      <Space size={48} style={{ marginBottom: 16 }} wrap>
        <div data-testid="scim-provisioned-count">
          <Statistic title={t('scim.provisionedUsers')} value={data.provisionedUsers} className="tenure-num" />
        </div>
        <Statistic title={t('scim.groups')} value={data.groups.length} className="tenure-num" />
      </Space>
      <Table<RequestRow>
        rowKey={(r) => `${r.at}-${r.method}-${r.path}`}
        dataSource={data.recentRequests}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('scim.noRequests') }}
        data-testid="scim-requests"
        columns={[
          { title: t('scim.when'), dataIndex: 'at', render: formatDateTime },
          { title: t('scim.method'), dataIndex: 'method' },
          {
            title: t('scim.path'),
            dataIndex: 'path',
            render: (p: string) => <Typography.Text code>{p}</Typography.Text>,
          },
          {
            title: t('scim.status'),
            dataIndex: 'status',
            render: (s: number) => <Tag color={s < 300 ? 'green' : s < 500 ? 'orange' : 'red'}>{s}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
