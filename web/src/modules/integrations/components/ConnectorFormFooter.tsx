import { Alert, Button, Form, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

/** The end of every connector's settings form: the schedule switch, Save, the connection test, "Sync now" and the test's outcome. */
export function ConnectorFormFooter({
  vendor,
  enabledHelp,
  connected,
  saving,
  onTest,
  testing,
  testResult,
  onSync,
  syncing,
}: {
  /** Prefixes the data-testids, e.g. "hubspot" → "hubspot-save". */
  vendor: string;
  enabledHelp: string;
  /** Testing and syncing need a saved secret. */
  connected: boolean;
  saving: boolean;
  onTest: () => void;
  testing: boolean;
  testResult: { ok: boolean; message: string | null } | undefined;
  onSync: () => void;
  syncing: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="enabled" label={t('zendesk.enabled')} valuePropName="checked" extra={enabledHelp}>
        <Switch data-testid={`${vendor}-enabled`} />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={saving} data-testid={`${vendor}-save`}>
          {t('common.save')}
        </Button>
        <Button onClick={onTest} loading={testing} disabled={!connected} data-testid={`${vendor}-test`}>
          {t('zendesk.test')}
        </Button>
        <Button onClick={onSync} loading={syncing} disabled={!connected} data-testid={`${vendor}-sync`}>
          {t('zendesk.syncNow')}
        </Button>
      </Space>
      {testResult ? (
        <Alert
          style={{ marginTop: 12 }}
          showIcon
          type={testResult.ok ? 'success' : 'error'}
          message={testResult.ok ? t('zendesk.testOk') : testResult.message}
          data-testid={`${vendor}-test-result`}
        />
      ) : null}
    </>
  );
}
