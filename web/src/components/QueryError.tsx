import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { NotFoundPage } from './NotFoundPage';

/** A failed load: the server's (localized) message and a way to try again. */
export function QueryError({ error, onRetry, compact }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404 && !compact) return <NotFoundPage title={error.message} />;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Result
      status={compact ? 'warning' : 'error'}
      title={t('common.loadFailed')}
      subTitle={message}
      style={compact ? { padding: 24 } : undefined}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
