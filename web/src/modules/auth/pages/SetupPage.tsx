import { LockOutlined, MailOutlined, UserOutlined } from '@ant-design/icons';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@shared/passwords';
import { setupApi } from '@shared/setup';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { call } from '../../../api/client';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { LanguageSwitch } from '../../layout/components/LanguageSwitch';
import { ME_KEY } from '../hooks/useMe';

interface SetupValues {
  name: string;
  email: string;
  password: string;
}

/**
 * /setup?token=…: the one-time link the first start prints when nobody can sign in yet (no demo);
 * creates the first admin and signs them in. Refused once any admin exists.
 */
export function SetupPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('setup.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<SetupValues>();
  const state = useQuery({
    queryKey: ['setup', token],
    queryFn: () => call(setupApi.check, { query: { token } }),
  });
  const create = useMutation({
    meta: { toast: 'none', errors: 'own' },
    mutationFn: (values: SetupValues) =>
      call(setupApi.complete, { body: { ...values, token, locale: i18n.language === 'en' ? 'en' : 'zh-CN' } }),
    onSuccess: () => {
      client.clear();
      void client.invalidateQueries({ queryKey: ME_KEY });
      void navigate('/', { replace: true });
    },
    onError: (error) => applyServerErrors(form, error),
  });

  if (state.isPending) return <FullPageSpin />;
  const page = (content: React.ReactNode) => (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', background: 'linear-gradient(135deg, #eef2ff 0%, #f8fafc 60%)' }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 420, boxShadow: '0 10px 30px rgba(15, 23, 42, 0.08)' }}>{content}</Card>
    </Flex>
  );
  if (state.isError) return page(<Alert type="error" showIcon message={errorMessage(state.error)} />);
  if (state.data.state !== 'ok') {
    return page(
      <div data-testid="setup-result">
        <Result
          status={state.data.state === 'done' ? 'info' : 'warning'}
          title={t(state.data.state === 'done' ? 'setup.done' : 'setup.invalid')}
          subTitle={state.data.state === 'done' ? undefined : t('setup.invalidHelp')}
          extra={<Link to="/sign-in">{t('auth.signIn')}</Link>}
        />
      </div>,
    );
  }

  return page(
    <>
      <Flex vertical align="center" style={{ marginBottom: 24 }}>
        <img src="/favicon.svg" alt="" width={40} height={40} />
        <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
          {t('setup.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('setup.subtitle')}</Typography.Text>
      </Flex>
      {create.isError && !form.getFieldsError().some((f) => f.errors.length) ? (
        <Alert
          type="error"
          showIcon
          message={errorMessage(create.error)}
          style={{ marginBottom: 16 }}
          data-testid="setup-error"
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => create.mutate(values)}
        requiredMark={false}
        disabled={create.isPending}
      >
        <Form.Item
          name="name"
          label={t('setup.name')}
          rules={[{ required: true, whitespace: true, message: t('setup.nameRequired') }]}
        >
          <Input prefix={<UserOutlined />} maxLength={200} autoFocus data-testid="setup-name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('auth.email')}
          rules={[{ required: true, type: 'email', message: t('setup.emailRequired') }]}
        >
          <Input prefix={<MailOutlined />} autoComplete="username" maxLength={320} data-testid="setup-email" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          extra={t('setup.passwordHelp', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
          rules={[
            { required: true, message: t('auth.passwordRequired') },
            {
              validator: (_, value: string | undefined) => {
                const length = [...(value ?? '')].length;
                return !value || (length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH)
                  ? Promise.resolve()
                  : Promise.reject(
                      new Error(t('setup.passwordHelp', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })),
                    );
              },
            },
          ]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="setup-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={create.isPending}
          data-testid="setup-submit"
        >
          {t('setup.submit')}
        </Button>
      </Form>
    </>,
  );
}
