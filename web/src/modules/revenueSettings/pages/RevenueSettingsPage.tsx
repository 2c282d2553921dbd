import { LineChartOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { PageHeader } from '../../../components/PageHeader';
import { useCan } from '../../auth/hooks/useMe';
import { useSummary } from '../../revenue/hooks/useMetrics';
import { FinanceCard } from '../components/FinanceCard';
import { FxRatesCard } from '../components/FxRatesCard';

/**
 * Settings → Revenue settings: the exchange rates and the monthly spend and gross margin the
 * Revenue page computes with. Everyone may read them; admins and CS managers change them.
 */
export function RevenueSettingsPage() {
  const { t } = useTranslation();
  const editable = useCan('manage');
  // The base currency and the server's month come with the Revenue page's default summary (shared cache).
  const summary = useSummary(undefined, {});
  const missingRate =
    summary.error instanceof ApiError && summary.error.code === 'missing_fx_rate' ? summary.error.message : undefined;

  return (
    <>
      <PageHeader
        title={t('revenueSettings.title')}
        subtitle={t('revenueSettings.subtitle')}
        extra={
          <Link to="/revenue">
            <Button icon={<LineChartOutlined />}>{t('revenueSettings.openRevenue')}</Button>
          </Link>
        }
      />
      <Flex vertical gap={16}>
        {editable ? null : (
          <Alert type="info" showIcon message={t('revenueSettings.readOnly')} data-testid="revenue-settings-readonly" />
        )}
        <FxRatesCard editable={editable} base={summary.data?.currency} missingRate={missingRate} />
        <FinanceCard
          editable={editable}
          currency={summary.data?.currency}
          currencyPending={summary.isPending}
          currencyError={summary.error}
          currentMonth={summary.data?.month}
        />
      </Flex>
    </>
  );
}
