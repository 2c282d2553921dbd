import { App, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { QueryError } from '../../../components/QueryError';
import { ConnectorFormFooter } from '../components/ConnectorFormFooter';
import { ConnectorSettingsLayout } from '../components/ConnectorSettingsLayout';
import { SecretField } from '../components/SecretField';
import { useSaveZendesk, useSyncZendesk, useTestZendesk, useZendeskStatus } from '../hooks/useZendesk';

interface Values {
  baseUrl: string;
  email: string;
  apiToken?: string;
  enabled: boolean;
}

/** Settings → Zendesk: the connection, a connection test, "Sync now" and the sync log (docs/zendesk.md). */
export function ZendeskPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const status = useZendeskStatus();
  const save = useSaveZendesk();
  const test = useTestZendesk();
  const sync = useSyncZendesk();
  const [form] = Form.useForm<Values>();
  const data = status.data;

  useEffect(() => {
    if (data) form.setFieldsValue({ baseUrl: data.baseUrl ?? '', email: data.email ?? '', enabled: data.enabled });
  }, [data, form]);

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

  const submit = (values: Values) =>
    save.mutate(
      { ...values, apiToken: values.apiToken?.trim() || undefined },
      {
        onSuccess: () => form.setFieldValue('apiToken', ''),
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) void message.error(rest);
        },
      },
    );

  return (
    <ConnectorSettingsLayout
      vendor="zendesk"
      title={t('zendesk.title')}
      subtitle={t('zendesk.subtitle')}
      runs={s.runs}
      runsTestId="zendesk"
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="baseUrl"
          label={t('zendesk.baseUrl')}
          extra={t('zendesk.baseUrlHelp')}
          rules={[{ required: true, whitespace: true, message: t('zendesk.baseUrlRequired') }]}
        >
          <Input placeholder="acme" data-testid="zendesk-base-url" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('zendesk.email')}
          rules={[{ required: true, type: 'email', message: t('zendesk.emailRequired') }]}
        >
          <Input autoComplete="off" data-testid="zendesk-email" />
        </Form.Item>
        <SecretField
          name="apiToken"
          label={t('zendesk.apiToken')}
          kept={!!s.tokenHint}
          extra={s.tokenHint ? t('zendesk.tokenKept', { hint: s.tokenHint }) : t('zendesk.tokenHelp')}
          requiredMessage={t('zendesk.tokenRequired')}
          testId="zendesk-token"
        />
        <ConnectorFormFooter
          vendor="zendesk"
          enabledHelp={t('zendesk.enabledHelp')}
          connected={!!s.tokenHint}
          save={save}
          test={test}
          sync={sync}
        />
      </Form>
    </ConnectorSettingsLayout>
  );
}
