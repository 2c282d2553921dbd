import { Space, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { AdvocacyTab } from '../components/AdvocacyTab';
import { ExpansionTab } from '../components/ExpansionTab';
import { ForecastTab } from '../components/ForecastTab';
import { OutcomesTab } from '../components/OutcomesTab';
import { RaciCard } from '../components/RaciCard';
import { RenewalsTable } from '../components/RenewalsTable';

const TABS = ['renewals', 'forecast', 'outcomes', 'expansion', 'advocacy'] as const;

/** The renewal centre: upcoming renewals, forecast, outcomes, expansion and advocacy (PRODUCT.md §7). */
export function RenewalsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'renewals';
  return (
    <>
      <PageHeader title={t('renewals.title')} subtitle={t('renewals.subtitle')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          {
            key: 'renewals',
            label: t('renewals.tabs.renewals'),
            children: (
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                <RenewalsTable />
                <RaciCard />
              </Space>
            ),
          },
          { key: 'forecast', label: t('renewals.tabs.forecast'), children: <ForecastTab /> },
          { key: 'outcomes', label: t('renewals.tabs.outcomes'), children: <OutcomesTab /> },
          { key: 'expansion', label: t('renewals.tabs.expansion'), children: <ExpansionTab /> },
          { key: 'advocacy', label: t('renewals.tabs.advocacy'), children: <AdvocacyTab /> },
        ]}
      />
    </>
  );
}
