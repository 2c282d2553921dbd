import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';

const IMPORT_COMMAND = 'npx tenure import subscriptions file.csv';

/** No revenue in view: either nothing is imported yet, or the filters leave nothing. */
export function RevenueEmpty({ filtered, onClearFilters }: { filtered: boolean; onClearFilters: () => void }) {
  const { t } = useTranslation();
  if (filtered) {
    return (
      <Card data-testid="revenue-empty">
        <Empty description={t('revenue.empty.filtered')}>
          <Button onClick={onClearFilters}>{t('revenue.filters.clear')}</Button>
        </Empty>
      </Card>
    );
  }
  return (
    <Card data-testid="revenue-empty">
      <Result
        status="info"
        title={t('revenue.empty.title')}
        subTitle={t('revenue.empty.text')}
        extra={
          <div style={{ maxWidth: 640, margin: '0 auto', textAlign: 'left' }}>
            <Typography.Paragraph copyable={{ text: IMPORT_COMMAND }} style={{ marginBottom: 8 }}>
              <Typography.Text code>{IMPORT_COMMAND}</Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('revenue.empty.columns')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('revenue.empty.template')}{' '}
              <a href="/api/imports/templates/subscriptions.csv" data-testid="template-csv">
                subscriptions.csv
              </a>
              {' · '}
              <a href="/api/imports/templates/subscriptions.xlsx" data-testid="template-xlsx">
                subscriptions.xlsx
              </a>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('revenue.empty.period')}
            </Typography.Paragraph>
          </div>
        }
      />
    </Card>
  );
}

/** A report that could not be computed; a missing exchange rate says which, and links to where it is added. */
export function RevenueError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const canManage = useCan('manage');
  if (!(error instanceof ApiError && error.code === 'missing_fx_rate')) {
    return (
      <Card>
        <QueryError error={error} onRetry={onRetry} compact />
      </Card>
    );
  }
  return (
    <Card data-testid="revenue-fx-error">
      <Result
        status="warning"
        title={t('revenue.fx.title')}
        subTitle={error.message}
        extra={
          <div style={{ maxWidth: 680, margin: '0 auto', textAlign: 'left' }}>
            <Typography.Paragraph>{t('revenue.fx.why')}</Typography.Paragraph>
            <Typography.Paragraph>{canManage ? t('revenue.fx.how') : t('revenue.fx.askManager')}</Typography.Paragraph>
            <Flex gap={8} wrap>
              <Link to="/settings/revenue" data-testid="revenue-fx-settings">
                <Button type="primary" icon={<SettingOutlined />}>
                  {t('revenue.fx.open')}
                </Button>
              </Link>
              <Button onClick={onRetry}>{t('common.retry')}</Button>
            </Flex>
          </div>
        }
      />
    </Card>
  );
}
