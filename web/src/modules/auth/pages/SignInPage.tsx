import { LockOutlined, LoginOutlined, MailOutlined } from '@ant-design/icons';
import { SSO_ERRORS, type SsoError } from '@shared/sso';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { LanguageSwitch } from '../../layout/components/LanguageSwitch';
import { useMe, useSignIn } from '../hooks/useMe';
import { useSsoStart, useSsoStatus } from '../hooks/useSso';

/** Only same-site paths: a crafted ?next= must not send people elsewhere. Without one, Home (each role's own). */
const safeNext = (next: string | null) =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';

export function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.signIn'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const signIn = useSignIn();
  const sso = useSsoStatus();
  const ssoStart = useSsoStart();
  const [form] = Form.useForm<{ email: string; password: string }>();
  const next = safeNext(params.get('next'));
  // Where single sign-on sent the browser back refused (docs/sso.md): the code says why.
  const returned = params.get('sso_error');
  const ssoError = (SSO_ERRORS as readonly string[]).includes(returned ?? '') ? (returned as SsoError) : undefined;
  const ssoRequired = signIn.error instanceof ApiError && signIn.error.code === 'sso_required';

  if (me.isPending) return <FullPageSpin />;
  if (me.data && !signIn.isSuccess) return <Navigate to={next} replace />;

  const onFinish = (values: { email: string; password: string }) =>
    signIn.mutate(values, { onSuccess: () => void navigate(next, { replace: true }) });
  const startSso = () =>
    void form
      .validateFields(['email'])
      .then(({ email }) => ssoStart.mutate(email?.trim() || undefined))
      .catch(() => undefined);

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', background: 'linear-gradient(135deg, #eef2ff 0%, #f8fafc 60%)' }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380, boxShadow: '0 10px 30px rgba(15, 23, 42, 0.08)' }}>
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            {t('auth.welcome')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('auth.tagline')}</Typography.Text>
        </Flex>
        {ssoError && !signIn.isError && !ssoStart.isError ? (
          <Alert
            type="error"
            showIcon
            message={t(`auth.sso.errors.${ssoError}`)}
            style={{ marginBottom: 16 }}
            data-testid="sso-error"
          />
        ) : null}
        {ssoStart.isError ? (
          <Alert
            type="error"
            showIcon
            message={errorMessage(ssoStart.error)}
            style={{ marginBottom: 16 }}
            data-testid="sso-error"
          />
        ) : null}
        {signIn.isError ? (
          <Alert
            type="error"
            showIcon
            message={errorMessage(signIn.error)}
            style={{ marginBottom: 16 }}
            data-testid="signin-error"
          />
        ) : null}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={signIn.isPending}>
          <Form.Item
            name="email"
            label={t('auth.email')}
            rules={[{ required: true, message: t('auth.emailRequired') }]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="signin-email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="signin-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={signIn.isPending}
            data-testid="signin-submit"
          >
            {t('auth.signIn')}
          </Button>
        </Form>
        {sso.data?.enabled ? (
          <>
            <Divider plain>{t('auth.sso.or')}</Divider>
            <Button
              block
              size="large"
              type={ssoRequired ? 'primary' : 'default'}
              icon={<LoginOutlined />}
              loading={ssoStart.isPending || ssoStart.isSuccess}
              onClick={startSso}
              data-testid="sso-start"
            >
              {t('auth.sso.start')}
            </Button>
          </>
        ) : null}
      </Card>
    </Flex>
  );
}
