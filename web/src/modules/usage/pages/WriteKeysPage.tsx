import { welcomeApi } from '@shared/welcome';
import { Alert, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { secretKeyText, useSecretKeys } from '../../../components/SecretKeys';
import { type WriteKeyRow, useCreateWriteKey, useRevokeWriteKey, useWriteKeys } from '../hooks/useUsage';

/** Settings → Write keys: the ingest-only keys the tracking API (/v1, Segment-compatible) accepts. */
export function WriteKeysPage() {
  const { t } = useTranslation();
  const writeKeys = useWriteKeys();
  const create = useCreateWriteKey();
  const revoke = useRevokeWriteKey();
  const keys = useSecretKeys<{ name: string }>({
    text: secretKeyText('writeKeys'),
    testId: 'write-key',
    create: (values) => create.mutateAsync(values).then((c) => ({ name: c.name, secret: c.key })),
    saving: create.isPending,
    revoke: (id) => revoke.mutateAsync(id),
    secretNote: t('writeKeys.howAuth'),
  });
  const endpoint = `${window.location.origin}/v1`;

  return (
    <>
      <PageHeader title={t('nav.writeKeys')} subtitle={t('writeKeys.subtitle')} extra={keys.createButton} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('writeKeys.howTitle')}
        description={
          <>
            <div>{t('writeKeys.howEndpoint')}</div>
            <Typography.Text code copyable>
              {endpoint}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>{t('writeKeys.howAuth')}</div>
          </>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {writeKeys.isError ? (
          <QueryError error={writeKeys.error} onRetry={() => void writeKeys.refetch()} compact />
        ) : (
          keys.table<WriteKeyRow>({ rows: writeKeys.data, loading: writeKeys.isPending })
        )}
      </Card>
      <IdentitySecretCard />
      {keys.dialogs()}
    </>
  );
}

/**
 * The identity verification secret: the customer's server signs each signed-in user's id with it
 * (userHash) so that GET /v1/messages answers only that user (docs/tracking.md). Fetched on demand.
 */
function IdentitySecretCard() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const secret = useQuery({
    queryKey: ['settings', 'identity-secret'],
    queryFn: () => call(welcomeApi.identitySecret),
    enabled: shown,
  });
  return (
    <Card title={t('writeKeys.identityTitle')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('writeKeys.identityHelp')}</Typography.Paragraph>
      {secret.isError ? (
        <QueryError error={secret.error} onRetry={() => void secret.refetch()} compact />
      ) : secret.data ? (
        <Typography.Paragraph
          copyable={{ text: secret.data.secret }}
          code
          style={{ wordBreak: 'break-all' }}
          data-testid="identity-secret"
        >
          {secret.data.secret}
        </Typography.Paragraph>
      ) : (
        <Button onClick={() => setShown(true)} loading={shown && secret.isPending} data-testid="identity-secret-show">
          {t('writeKeys.identityShow')}
        </Button>
      )}
      <Typography.Text type="secondary">{t('writeKeys.identityExample')}</Typography.Text>
      <Typography.Paragraph code copyable style={{ marginTop: 4 }}>
        {"crypto.createHmac('sha256', SECRET).update(userId).digest('hex')"}
      </Typography.Paragraph>
    </Card>
  );
}
