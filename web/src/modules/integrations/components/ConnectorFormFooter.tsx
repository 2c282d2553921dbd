import { Alert, Button, Form, Popconfirm, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The end of every connector's settings form: the schedule switch, Save, the connection test, "Sync now", "Sync from
 * the start" (reads everything again: records refused before come in once their account is fixed) and the test's outcome.
 */
export function ConnectorFormFooter({
  vendor,
  enabledHelp,
  connected,
  save,
  test,
  sync,
}: {
  /** Prefixes the data-testids, e.g. "hubspot" → "hubspot-save". */
  vendor: string;
  enabledHelp: string;
  /** Testing and syncing need a saved secret. */
  connected: boolean;
  /** The page's save, connection-test and sync mutations. */
  save: { isPending: boolean };
  test: { mutate: () => void; isPending: boolean; data?: { ok: boolean; message: string | null } | undefined };
  sync: { mutate: (from: 'cursor' | 'start') => void; isPending: boolean };
}) {
  const { t } = useTranslation();
  const testResult = test.data;
  return (
    <>
      <Form.Item name="enabled" label={t('zendesk.enabled')} valuePropName="checked" extra={enabledHelp}>
        <Switch data-testid={`${vendor}-enabled`} />
      </Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`${vendor}-save`}>
          {t('common.save')}
        </Button>
        <Button
          onClick={() => test.mutate()}
          loading={test.isPending}
          disabled={!connected}
          data-testid={`${vendor}-test`}
        >
          {t('zendesk.test')}
        </Button>
        <Button
          onClick={() => sync.mutate('cursor')}
          loading={sync.isPending}
          disabled={!connected}
          data-testid={`${vendor}-sync`}
        >
          {t('zendesk.syncNow')}
        </Button>
        <Popconfirm
          title={t('zendesk.syncFromStart')}
          description={t('zendesk.syncFromStartHelp')}
          onConfirm={() => sync.mutate('start')}
          disabled={!connected}
        >
          <Button loading={sync.isPending} disabled={!connected} data-testid={`${vendor}-sync-from-start`}>
            {t('zendesk.syncFromStart')}
          </Button>
        </Popconfirm>
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
