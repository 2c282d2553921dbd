import { Card, Descriptions, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, fromNow } from '../../../lib/format';
import { useFreshness } from '../hooks/useHome';

/** The admin's check that data still arrives: tracking, Stripe, imports (docs/home.md). */
export function FreshnessCard() {
  const { t } = useTranslation();
  const fresh = useFreshness(true);
  const when = (at: string | null | undefined) =>
    at ? (
      <span title={formatDateTime(at)}>{fromNow(at)}</span>
    ) : (
      <Typography.Text type="secondary">{t('home.never')}</Typography.Text>
    );
  return (
    <Card size="small" title={t('home.freshness')} style={{ marginTop: 16 }} data-testid="home-freshness">
      {fresh.isPending ? (
        <Skeleton active />
      ) : fresh.isError ? (
        <QueryError error={fresh.error} onRetry={() => void fresh.refetch()} compact />
      ) : (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={<Link to="/events">{t('home.lastEvent')}</Link>}>
            {when(fresh.data.lastEventAt)}
          </Descriptions.Item>
          <Descriptions.Item label={<Link to="/settings/stripe">{t('home.lastStripe')}</Link>}>
            {when(fresh.data.lastStripeEvent?.receivedAt)}
            {fresh.data.refusedStripeEvents ? (
              <Typography.Text type="danger">
                {' '}
                · {t('home.refused', { count: fresh.data.refusedStripeEvents })}
              </Typography.Text>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={<Link to="/imports">{t('home.lastImport')}</Link>}>
            {fresh.data.lastImport ? (
              <>
                {when(fresh.data.lastImport.createdAt)} · {fresh.data.lastImport.fileName} ·{' '}
                {t(`home.importState.${fresh.data.lastImport.state}`)}
              </>
            ) : (
              when(null)
            )}
          </Descriptions.Item>
          <Descriptions.Item label={<Link to="/imports">{t('home.failedImports')}</Link>}>
            <Typography.Text type={fresh.data.failedImports ? 'danger' : undefined}>
              {fresh.data.failedImports}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
