import type { SalesforceSettingsBody } from '@shared/connectors';
import { Form, Input, Radio, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { QueryError } from '../../../components/QueryError';
import { IntervalField, type WriteBackValues, WriteBackFieldset, writeBackFields } from '../components/CrmFields';
import { ConnectorFormFooter } from '../components/ConnectorFormFooter';
import { ConnectorSettingsLayout } from '../components/ConnectorSettingsLayout';
import { SecretField } from '../components/SecretField';
import { useConnectorForm } from '../hooks/useConnectorForm';
import {
  type SalesforceStatus,
  useSalesforceStatus,
  useSaveSalesforce,
  useSyncSalesforce,
  useTestSalesforce,
} from '../hooks/useSalesforce';

interface Values {
  baseUrl: string;
  auth: 'accessToken' | 'clientCredentials';
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  enabled: boolean;
  roleField: string;
  currency: string;
  multiCurrency: boolean;
  interval: 'month' | 'quarter' | 'year';
  writeBack: WriteBackValues;
}

const fill = (saved: SalesforceStatus): Partial<Values> => ({
  baseUrl: saved.baseUrl ?? '',
  auth: saved.auth,
  clientId: saved.clientId ?? '',
  enabled: saved.enabled,
  roleField: saved.roleField,
  currency: saved.currency,
  multiCurrency: saved.multiCurrency,
  interval: saved.interval,
  writeBack: saved.writeBack,
});

const toBody = (values: Values): SalesforceSettingsBody => ({
  ...values,
  baseUrl: values.baseUrl.trim(),
  accessToken: values.auth === 'accessToken' ? values.accessToken?.trim() || undefined : undefined,
  clientId: values.auth === 'clientCredentials' ? values.clientId?.trim() || undefined : undefined,
  clientSecret: values.auth === 'clientCredentials' ? values.clientSecret?.trim() || undefined : undefined,
  roleField: values.roleField?.trim() ?? '',
  currency: values.currency.trim().toUpperCase(),
  writeBack: writeBackFields(values.writeBack),
});

/** Settings → Salesforce: the org's address and a way in, the mapping, a connection test, "Sync now" and the sync log (docs/salesforce.md). */
export function SalesforcePage() {
  const { t } = useTranslation();
  const status = useSalesforceStatus();
  const save = useSaveSalesforce();
  const test = useTestSalesforce();
  const sync = useSyncSalesforce();
  const { form, submit } = useConnectorForm({
    saved: status.data,
    save,
    fill,
    toBody,
    secrets: ['accessToken', 'clientSecret'],
  });
  const auth = Form.useWatch('auth', form);

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;
  // A kept secret belongs to the way in it was saved with.
  const secretKept = s.tokenHint && (auth ?? s.auth) === s.auth ? s.tokenHint : null;

  const kept = secretKept ? t('zendesk.tokenKept', { hint: secretKept }) : undefined;

  return (
    <ConnectorSettingsLayout
      vendor="salesforce"
      title={t('salesforce.title')}
      subtitle={t('salesforce.subtitle')}
      runs={s.runs}
      writtenBack
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        requiredMark={false}
        initialValues={{ auth: 'accessToken' }}
      >
        <Form.Item
          name="baseUrl"
          label={t('salesforce.baseUrl')}
          extra={t('salesforce.baseUrlHelp')}
          rules={[{ required: true, whitespace: true, message: t('salesforce.baseUrlRequired') }]}
        >
          <Input placeholder="https://acme.my.salesforce.com" data-testid="salesforce-base-url" />
        </Form.Item>
        <Form.Item name="auth" label={t('salesforce.auth')}>
          <Radio.Group data-testid="salesforce-auth">
            <Radio value="accessToken">{t('salesforce.auths.accessToken')}</Radio>
            <Radio value="clientCredentials">{t('salesforce.auths.clientCredentials')}</Radio>
          </Radio.Group>
        </Form.Item>
        {(auth ?? s.auth) === 'clientCredentials' ? (
          <>
            <Form.Item
              name="clientId"
              label={t('salesforce.clientId')}
              extra={t('salesforce.clientHelp')}
              rules={[{ required: true, whitespace: true, message: t('salesforce.clientIdRequired') }]}
            >
              <Input data-testid="salesforce-client-id" />
            </Form.Item>
            <SecretField
              name="clientSecret"
              label={t('salesforce.clientSecret')}
              kept={!!secretKept}
              extra={kept}
              requiredMessage={t('salesforce.secretRequired')}
              testId="salesforce-client-secret"
            />
          </>
        ) : (
          <SecretField
            name="accessToken"
            label={t('salesforce.accessToken')}
            kept={!!secretKept}
            extra={kept ?? t('salesforce.tokenHelp')}
            requiredMessage={t('salesforce.tokenRequired')}
            testId="salesforce-token"
          />
        )}
        <Form.Item name="roleField" label={t('salesforce.roleField')} extra={t('salesforce.roleFieldHelp')}>
          <Input placeholder={t('salesforce.roleFieldOff')} data-testid="salesforce-role-field" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="currency" label={t('salesforce.currency')} extra={t('salesforce.currencyHelp')}>
            <Input maxLength={3} style={{ width: 100 }} data-testid="salesforce-currency" />
          </Form.Item>
          <IntervalField vendor="salesforce" help={t('salesforce.intervalHelp')} />
        </Space>
        <Form.Item
          name="multiCurrency"
          label={t('salesforce.multiCurrency')}
          valuePropName="checked"
          extra={t('salesforce.multiCurrencyHelp')}
        >
          <Switch data-testid="salesforce-multi-currency" />
        </Form.Item>
        <WriteBackFieldset vendor="salesforce" title={t('salesforce.writeBack')} help={t('salesforce.writeBackHelp')} />
        <ConnectorFormFooter
          vendor="salesforce"
          enabledHelp={t('salesforce.enabledHelp')}
          connected={!!s.tokenHint}
          save={save}
          test={test}
          sync={sync}
        />
      </Form>
    </ConnectorSettingsLayout>
  );
}
