import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES } from '@shared/roles';
import { SSO_PROVIDERS, type SsoConfig, type SsoConfigInput } from '@shared/sso';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useSaveSsoConfig, useSsoConfig, useTestSso } from '../hooks/useSso';

type Values = Omit<SsoConfigInput, 'clientSecret'> & { clientSecret?: string };

const initial = (c: SsoConfig): Values => ({
  enabled: c.enabled,
  provider: c.provider,
  issuerUrl: c.issuerUrl,
  agentId: c.agentId,
  baseUrl: c.baseUrl,
  clientId: c.clientId,
  clientSecret: '',
  roleClaim: c.roleClaim,
  roleMap: c.roleMap,
  jitEnabled: c.jitEnabled,
  defaultRole: c.defaultRole,
  enforcedDomains: c.enforcedDomains,
});

/** Settings → Single sign-on (docs/sso.md): the identity provider, role mapping, just-in-time creation, SSO-only domains. */
export function SsoSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const config = useSsoConfig();
  const save = useSaveSsoConfig();
  const test = useTestSso();
  const [form] = Form.useForm<Values>();
  const jit = Form.useWatch('jitEnabled', form);
  const kind = Form.useWatch('provider', form) ?? config.data?.provider ?? 'oidc';

  if (config.isPending) return <FullPageSpin />;
  if (config.isError) return <QueryError error={config.error} onRetry={() => void config.refetch()} />;
  const c = config.data;
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const submit = (values: Values) =>
    save.mutate(
      // An empty secret field keeps the stored secret.
      { ...values, roleMap: values.roleMap ?? [], clientSecret: values.clientSecret?.trim() || undefined },
      {
        onSuccess: (saved) => form.setFieldsValue(initial(saved)),
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) void message.error(rest);
        },
      },
    );

  const result = test.data;
  return (
    <>
      <PageHeader title={t('sso.title')} subtitle={t('sso.subtitle')} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initial(c)}
        onFinish={submit}
        requiredMark={false}
        data-testid="sso-form"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card title={t('sso.provider')}>
              <Form.Item name="enabled" label={t('sso.enabled')} valuePropName="checked">
                <Switch data-testid="sso-enabled" />
              </Form.Item>
              <Form.Item name="provider" label={t('sso.kind')}>
                <Select
                  data-testid="sso-provider"
                  options={SSO_PROVIDERS.map((p) => ({ value: p, label: t(`sso.kinds.${p}`) }))}
                />
              </Form.Item>
              {/* Fields of the other kinds stay in the form (hidden), so switching back loses nothing. */}
              <Form.Item label={t('sso.issuerUrl')} extra={t('sso.issuerHelp')} required hidden={kind !== 'oidc'}>
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="issuerUrl" noStyle>
                    <Input placeholder="https://login.example.com" data-testid="sso-issuer" />
                  </Form.Item>
                  <Button
                    loading={test.isPending}
                    onClick={() => test.mutate(form.getFieldValue('issuerUrl') || undefined)}
                    data-testid="sso-test"
                  >
                    {t('sso.test')}
                  </Button>
                </Space.Compact>
              </Form.Item>
              {result && kind === 'oidc' ? (
                <Alert
                  style={{ marginBottom: 16 }}
                  showIcon
                  type={result.ok ? 'success' : 'error'}
                  data-testid="sso-test-result"
                  message={result.ok ? t('sso.testOk', { issuer: result.issuer }) : t('sso.testFailed')}
                  description={
                    result.ok ? (
                      <Descriptions column={1} size="small">
                        <Descriptions.Item label={t('sso.authorizationEndpoint')}>
                          {result.authorizationEndpoint}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('sso.tokenEndpoint')}>{result.tokenEndpoint}</Descriptions.Item>
                      </Descriptions>
                    ) : (
                      result.error
                    )
                  }
                />
              ) : null}
              <Form.Item name="clientId" label={kind === 'oidc' ? t('sso.clientId') : t(`sso.clientIds.${kind}`)}>
                <Input autoComplete="off" data-testid="sso-client-id" />
              </Form.Item>
              <Form.Item name="agentId" label={t('sso.agentId')} hidden={kind !== 'wecom'}>
                <Input autoComplete="off" data-testid="sso-agent-id" />
              </Form.Item>
              <Form.Item
                name="clientSecret"
                label={kind === 'oidc' ? t('sso.clientSecret') : t(`sso.secrets.${kind}`)}
                extra={c.clientSecretHint ? t('sso.secretStored', { hint: c.clientSecretHint }) : t('sso.secretNone')}
              >
                <Input.Password autoComplete="new-password" data-testid="sso-client-secret" />
              </Form.Item>
              <Form.Item name="baseUrl" label={t('sso.baseUrl')} extra={t('sso.baseUrlHelp')} hidden={kind === 'oidc'}>
                <Input placeholder="https://" data-testid="sso-base-url" />
              </Form.Item>
              <Form.Item label={t('sso.redirectUrl')} extra={t('sso.redirectHelp')}>
                <Typography.Text copyable code data-testid="sso-redirect-url">
                  {c.redirectUrl}
                </Typography.Text>
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('sso.people')}>
              <Form.Item name="jitEnabled" label={t('sso.jit')} extra={t('sso.jitHelp')} valuePropName="checked">
                <Switch data-testid="sso-jit" />
              </Form.Item>
              <Form.Item name="defaultRole" label={t('sso.defaultRole')} hidden={jit === false}>
                <Select options={roleOptions} style={{ minWidth: 160 }} data-testid="sso-default-role" />
              </Form.Item>
              <Form.Item name="roleClaim" label={t('sso.roleClaim')} extra={t('sso.roleClaimHelp')}>
                <Input placeholder="groups" data-testid="sso-role-claim" />
              </Form.Item>
              <Typography.Text strong>{t('sso.roleMap')}</Typography.Text>
              <Typography.Paragraph type="secondary">{t('sso.roleMapHelp')}</Typography.Paragraph>
              <Form.List name="roleMap">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field) => (
                      <Space key={field.key} align="start" wrap>
                        <Form.Item
                          name={[field.name, 'value']}
                          rules={[{ required: true, whitespace: true, message: t('sso.valueRequired') }]}
                        >
                          <Input placeholder={t('sso.claimValue')} data-testid="sso-map-value" />
                        </Form.Item>
                        <Form.Item name={[field.name, 'role']} rules={[{ required: true }]}>
                          <Select options={roleOptions} style={{ minWidth: 140 }} data-testid="sso-map-role" />
                        </Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={t('common.delete')}
                          onClick={() => remove(field.name)}
                        />
                      </Space>
                    ))}
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ value: '', role: 'csm' })}
                      style={{ marginBottom: 16 }}
                      data-testid="sso-map-add"
                    >
                      {t('sso.addMapping')}
                    </Button>
                  </>
                )}
              </Form.List>
              <Form.Item name="enforcedDomains" label={t('sso.enforcedDomains')} extra={t('sso.enforcedHelp')}>
                <Select
                  mode="tags"
                  tokenSeparators={[',', ' ']}
                  placeholder="example.com"
                  open={false}
                  data-testid="sso-domains"
                />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          style={{ marginTop: 16 }}
          data-testid="sso-save"
        >
          {t('common.save')}
        </Button>
      </Form>
    </>
  );
}
