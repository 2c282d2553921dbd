import type { ZendeskSettingsBody } from '@shared/connectors';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { QueryError } from '../../../components/QueryError';
import { ConnectorFormFooter } from '../components/ConnectorFormFooter';
import { ConnectorSettingsLayout } from '../components/ConnectorSettingsLayout';
import { SecretField } from '../components/SecretField';
import { useConnectorForm } from '../hooks/useConnectorForm';
import {
  useSaveZendesk,
  useSyncZendesk,
  useTestZendesk,
  useZendeskStatus,
  type ZendeskStatus,
} from '../hooks/useZendesk';

interface Values {
  baseUrl: string;
  email: string;
  apiToken?: string;
  enabled: boolean;
}

const fill = (saved: ZendeskStatus): Partial<Values> => ({
  baseUrl: saved.baseUrl ?? '',
  email: saved.email ?? '',
  enabled: saved.enabled,
});

const toBody = (values: Values): ZendeskSettingsBody => ({
  ...values,
  apiToken: values.apiToken?.trim() || undefined,
});

/** Settings → Zendesk: the connection, a connection test, "Sync now" and the sync log (docs/zendesk.md). */
export function ZendeskPage() {
  const { t } = useTranslation();
  const status = useZendeskStatus();
  const save = useSaveZendesk();
  const test = useTestZendesk();
  const sync = useSyncZendesk();
  const { form, submit } = useConnectorForm({ saved: status.data, save, fill, toBody, secrets: ['apiToken'] });

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

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
