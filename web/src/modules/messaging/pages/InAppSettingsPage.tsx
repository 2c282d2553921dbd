import { Alert, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInAppSettings, useRotateInAppSecret } from '../hooks/useInApp';

const installCode = (scriptUrl: string) => `<script>
  window.Tenure = window.Tenure || function () { (window.Tenure.q = window.Tenure.q || []).push(arguments); };
  Tenure('identify', { userId: CURRENT_USER_ID, userHash: USER_HASH_FROM_YOUR_SERVER });
</script>
<script async src="${scriptUrl}"></script>`;

const hashCode = `// On your server (Node.js): never send the secret to the browser.
import { createHmac } from 'node:crypto';
const userHash = createHmac('sha256', process.env.TENURE_INAPP_SECRET).update(user.id).digest('hex');`;

type TenureFn = ((command: string, arg?: unknown) => void) & { loaded?: boolean };

/** Loads the snippet into this page (same origin) and shows a sample message, so an admin sees what customers see. */
function previewHere(scriptUrl: string, message: Record<string, unknown>) {
  const w = window as unknown as { Tenure?: TenureFn };
  if (w.Tenure?.loaded) return w.Tenure('preview', message);
  const script = document.createElement('script');
  script.src = new URL(
    '/inapp.js',
    scriptUrl.startsWith(window.location.origin) ? scriptUrl : window.location.href,
  ).href;
  script.onload = () => w.Tenure?.('preview', message);
  document.head.appendChild(script);
}

/** Settings → In-app (admins): the install snippet, the identity secret (shown once) and a preview (docs/inapp.md). */
export function InAppSettingsPage() {
  const { t } = useTranslation();
  const settings = useInAppSettings();
  const rotate = useRotateInAppSecret();
  const [secret, setSecret] = useState<string>();
  const scriptUrl = settings.data?.scriptUrl ?? `${window.location.origin}/inapp.js`;

  const sample = {
    style: 'modal',
    title: t('inapp.sampleTitle'),
    html: `<p>${t('inapp.sampleBody')}</p>`,
    labels: { close: t('inapp.close') },
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('inapp.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('inapp.intro')}</Typography.Paragraph>
      <Card title={t('inapp.install')}>
        <Typography.Paragraph>{t('inapp.installHelp')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: installCode(scriptUrl) }} data-testid="inapp-snippet">
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{installCode(scriptUrl)}</pre>
        </Typography.Paragraph>
        <Typography.Paragraph>{t('inapp.hashHelp')}</Typography.Paragraph>
        <Typography.Paragraph copyable={{ text: hashCode }}>
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{hashCode}</pre>
        </Typography.Paragraph>
        <Button onClick={() => previewHere(scriptUrl, sample)} data-testid="inapp-preview">
          {t('inapp.preview')}
        </Button>
      </Card>
      <Card title={t('inapp.secret')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            {settings.data?.secretSet ? (
              <Tag color="green">{t('inapp.secretSet')}</Tag>
            ) : (
              <Tag color="orange">{t('inapp.secretMissing')}</Tag>
            )}
          </div>
          {secret ? (
            <Alert
              type="warning"
              showIcon
              message={t('inapp.secretOnce')}
              description={
                <Typography.Text code copyable data-testid="inapp-secret">
                  {secret}
                </Typography.Text>
              }
            />
          ) : null}
          <Popconfirm
            title={t('inapp.rotateConfirm')}
            disabled={!settings.data?.secretSet}
            onConfirm={() => rotate.mutate(undefined, { onSuccess: (r) => setSecret(r.secret) })}
          >
            <Button
              loading={rotate.isPending}
              onClick={() => {
                if (!settings.data?.secretSet) rotate.mutate(undefined, { onSuccess: (r) => setSecret(r.secret) });
              }}
              data-testid="inapp-rotate"
            >
              {settings.data?.secretSet ? t('inapp.rotate') : t('inapp.makeSecret')}
            </Button>
          </Popconfirm>
        </Space>
      </Card>
    </Space>
  );
}
