import type { HubSpotSettingsBody } from '@shared/connectors';
import { Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { QueryError } from '../../../components/QueryError';
import { IntervalField, type WriteBackValues, WriteBackFieldset, writeBackFields } from '../components/CrmFields';
import { ConnectorFormFooter } from '../components/ConnectorFormFooter';
import { ConnectorSettingsLayout } from '../components/ConnectorSettingsLayout';
import { SecretField } from '../components/SecretField';
import { useConnectorForm } from '../hooks/useConnectorForm';
import {
  type HubSpotStatus,
  useHubSpotStatus,
  useSaveHubSpot,
  useSyncHubSpot,
  useTestHubSpot,
} from '../hooks/useHubSpot';

interface Values {
  accessToken?: string;
  baseUrl?: string;
  enabled: boolean;
  roleProperty: string;
  wonStage: string;
  currency: string;
  interval: 'month' | 'quarter' | 'year';
  writeBack: WriteBackValues;
}

const fill = (saved: HubSpotStatus): Partial<Values> => ({
  baseUrl: saved.baseUrl ?? '',
  enabled: saved.enabled,
  roleProperty: saved.roleProperty,
  wonStage: saved.wonStage,
  currency: saved.currency,
  interval: saved.interval,
  writeBack: saved.writeBack,
});

const toBody = (values: Values): HubSpotSettingsBody => ({
  ...values,
  baseUrl: values.baseUrl?.trim() || undefined,
  accessToken: values.accessToken?.trim() || undefined,
  currency: values.currency.trim().toUpperCase(),
  writeBack: writeBackFields(values.writeBack),
});

/** Settings → HubSpot: the private app's token, the mapping, a connection test, "Sync now" and the sync log (docs/hubspot.md). */
export function HubSpotPage() {
  const { t } = useTranslation();
  const status = useHubSpotStatus();
  const save = useSaveHubSpot();
  const test = useTestHubSpot();
  const sync = useSyncHubSpot();
  const { form, submit } = useConnectorForm({ saved: status.data, save, fill, toBody, secrets: ['accessToken'] });

  if (status.isPending) return <FullPageSpin />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  const s = status.data;

  return (
    <ConnectorSettingsLayout
      vendor="hubspot"
      title={t('hubspot.title')}
      subtitle={t('hubspot.subtitle')}
      runs={s.runs}
      writtenBack
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <SecretField
          name="accessToken"
          label={t('hubspot.accessToken')}
          kept={!!s.tokenHint}
          extra={s.tokenHint ? t('zendesk.tokenKept', { hint: s.tokenHint }) : t('hubspot.tokenHelp')}
          requiredMessage={t('hubspot.tokenRequired')}
          testId="hubspot-token"
        />
        <Form.Item name="roleProperty" label={t('hubspot.roleProperty')} extra={t('hubspot.rolePropertyHelp')}>
          <Input data-testid="hubspot-role-property" />
        </Form.Item>
        <Form.Item name="wonStage" label={t('hubspot.wonStage')} extra={t('hubspot.wonStageHelp')}>
          <Input data-testid="hubspot-won-stage" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="currency" label={t('hubspot.currency')} extra={t('hubspot.currencyHelp')}>
            <Input maxLength={3} style={{ width: 100 }} data-testid="hubspot-currency" />
          </Form.Item>
          <IntervalField vendor="hubspot" help={t('hubspot.intervalHelp')} />
        </Space>
        <WriteBackFieldset vendor="hubspot" title={t('hubspot.writeBack')} help={t('hubspot.writeBackHelp')} />
        <Form.Item name="baseUrl" label={t('hubspot.baseUrl')} extra={t('hubspot.baseUrlHelp')}>
          <Input placeholder="https://api.hubapi.com" data-testid="hubspot-base-url" />
        </Form.Item>
        <ConnectorFormFooter
          vendor="hubspot"
          enabledHelp={t('hubspot.enabledHelp')}
          connected={!!s.tokenHint}
          save={save}
          test={test}
          sync={sync}
        />
      </Form>
    </ConnectorSettingsLayout>
  );
}
