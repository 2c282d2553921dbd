import { Card, Col, Divider, Row, Skeleton, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { NotFoundPage } from '../../../components/NotFoundPage';
import { QueryError } from '../../../components/QueryError';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { useCan } from '../../auth/hooks/useMe';
import { AccountHeader } from '../components/AccountHeader';
import { AttributesCard } from '../components/AttributesCard';
import { ContactsTab } from '../components/ContactsTab';
import { DetailsCard } from '../components/DetailsCard';
import { NoteForm } from '../components/NoteForm';
import { SubscriptionsTab } from '../components/SubscriptionsTab';
import { TimelineFeed } from '../components/TimelineFeed';
import { UsageTab } from '../../usage/components/UsageTab';
import { ValueReportTab } from '../../valueReports/components/ValueReportTab';
import { HealthTab } from '../../health/components/HealthTab';
import { RenewalCard } from '../../prediction/components/RenewalCard';
import { HandoffTab } from '../../handoff/components/HandoffTab';
import { FitCard } from '../../fit/components/FitCard';
import { MaturityCard } from '../../fit/components/MaturityCard';
import { AccountJourneysCard } from '../../journeys/components/AccountJourneysCard';
import { AccountCtasTab } from '../../ctas/components/AccountCtasTab';
import { SupportTab } from '../../support/components/SupportTab';
import { BenchmarkTab } from '../../benchmarks/components/BenchmarkTab';
import { SuccessPlanTab } from '../../successplans/components/SuccessPlanTab';
import { ReviewsTab } from '../../reviews/components/ReviewsTab';
import { AccountRequestsTab } from '../../voc/components/AccountRequestsTab';
import { useAccount, useContacts, useSubscriptions } from '../hooks/useAccount';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A mistyped link is simply not found, without asking the server three times. */
export function AccountPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  return UUID.test(id) ? <Account360 key={id} id={id} /> : <NotFoundPage title={t('account360.notFound')} />;
}

/** Customer 360: who they are, who we talk to, what they pay, and everything that happened. */
function Account360({ id }: { id: string }) {
  const { t } = useTranslation();
  const account = useAccount(id);
  const contacts = useContacts(id);
  const subscriptions = useSubscriptions(id);
  const canWrite = useCan('write');
  useDocumentTitle(account.data?.name);

  if (account.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (account.isError) return <QueryError error={account.error} onRetry={() => void account.refetch()} />;
  const a = account.data;

  const count = (n: number | undefined) => (n === undefined ? '' : ` (${n})`);
  return (
    <>
      <AccountHeader account={a} />
      <Row gutter={16}>
        <Col xs={24} xl={8}>
          <RenewalCard accountId={a.id} />
          <FitCard accountId={a.id} />
          <MaturityCard accountId={a.id} />
          <AccountJourneysCard accountId={a.id} />
          <DetailsCard account={a} />
          <AttributesCard account={a} />
        </Col>
        <Col xs={24} xl={16}>
          <Card styles={{ body: { paddingTop: 8 } }}>
            <Tabs
              defaultActiveKey="timeline"
              items={[
                {
                  key: 'timeline',
                  label: t('timeline.title'),
                  children: (
                    <>
                      {canWrite ? (
                        <>
                          <NoteForm accountId={a.id} />
                          <Divider style={{ margin: '16px 0 0' }} />
                        </>
                      ) : null}
                      <TimelineFeed accountId={a.id} />
                    </>
                  ),
                },
                { key: 'handoff', label: t('handoff.tab'), children: <HandoffTab accountId={a.id} /> },
                { key: 'ctas', label: t('account360.ctasTab'), children: <AccountCtasTab accountId={a.id} /> },
                {
                  key: 'contacts',
                  label: `${t('contacts.title')}${count(contacts.data?.length)}`,
                  children: <ContactsTab accountId={a.id} />,
                },
                {
                  key: 'subscriptions',
                  label: `${t('subscriptions.title')}${count(subscriptions.data?.length)}`,
                  children: <SubscriptionsTab accountId={a.id} />,
                },
                { key: 'usage', label: t('usage.title'), children: <UsageTab accountId={a.id} /> },
                {
                  key: 'valueReport',
                  label: <span data-testid="tab-valueReport">{t('valueReports.tab')}</span>,
                  children: <ValueReportTab accountId={a.id} />,
                },
                {
                  key: 'support',
                  label: <span data-testid="tab-support">{t('support.tab')}</span>,
                  children: <SupportTab accountId={a.id} />,
                },
                {
                  key: 'health',
                  label: <span data-testid="tab-health">{t('health.title')}</span>,
                  children: <HealthTab accountId={a.id} />,
                },
                {
                  key: 'benchmark',
                  label: <span data-testid="tab-benchmark">{t('benchmark.tab')}</span>,
                  children: <BenchmarkTab accountId={a.id} />,
                },
                {
                  key: 'successPlan',
                  label: <span data-testid="tab-success-plan">{t('successPlans.tab')}</span>,
                  children: <SuccessPlanTab accountId={a.id} />,
                },
                {
                  key: 'reviews',
                  label: <span data-testid="tab-reviews">{t('reviews.tab')}</span>,
                  children: <ReviewsTab accountId={a.id} />,
                },
                {
                  key: 'voc',
                  label: <span data-testid="tab-voc">{t('voc.tab')}</span>,
                  children: <AccountRequestsTab accountId={a.id} />,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
