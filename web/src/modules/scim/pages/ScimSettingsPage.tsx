import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '@shared/roles';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Form,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { secretKeyText, useSecretKeys } from '../../../components/SecretKeys';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDateTime } from '../../../lib/format';
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
  const keys = useSecretKeys<{ name: string }>({
    text: { ...secretKeyText('scim'), create: 'scim.createToken', name: 'scim.tokenName', empty: 'scim.noTokens' },
    testId: 'scim-token',
    create: (values) => create.mutateAsync(values).then((c) => ({ name: c.name, secret: c.token })),
    saving: create.isPending,
    revoke: (id) => revoke.mutateAsync(id),
  });

  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const data = status.data;

  return (
    <>
      <PageHeader title={t('nav.scim')} subtitle={t('scim.subtitle')} extra={keys.createButton} />
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
        {keys.table<TokenRow>({
          rows: data?.tokens,
          loading: status.isPending,
          actions: (k) => (
            <Popconfirm
              title={t('scim.rotateConfirm', { name: k.name })}
              description={t('scim.rotateHelp')}
              okText={t('scim.rotate')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                rotate
                  .mutateAsync(k.id)
                  .then((rotated) => keys.showSecret({ name: rotated.name, secret: rotated.token }))
                  .catch((error: unknown) => message.error(errorMessage(error)))
              }
            >
              <Button type="link" size="small" icon={<ReloadOutlined />}>
                {t('scim.rotate')}
              </Button>
            </Popconfirm>
          ),
        })}
      </Card>
      {data && <MappingsCard mappings={data.mappings} groups={data.groups} />}
      {data && <ActivityCard data={data} />}
      {keys.dialogs()}
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
