import { Button, Card, Col, Empty, Row, Skeleton, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { formatMoney } from '../../../lib/format';
import { useTeamHome } from '../hooks/useHome';
import { HealthMovementChart } from './HealthMovementChart';
import { links, Tile } from './Tile';

/** The CS team's view (managers and admins): where ARR is at risk, whose CTAs are late, what renews, how health moves. */
export function TeamHome() {
  const { t } = useTranslation();
  const home = useTeamHome(true);
  const [, setParams] = useSearchParams();
  if (home.isPending) return <Skeleton active />;
  if (home.isError) return <QueryError error={home.error} onRetry={() => void home.refetch()} />;
  const h = home.data;
  const money = (minor: number) => formatMoney(minor, h.currency, { narrow: true });
  const moved = (c: 'red' | 'yellow' | 'green') => h.health.today[c] - h.health.before[c];
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

  return (
    <div data-testid="home-team">
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-arr-risk"
            title={t('home.arrAtRisk')}
            value={money(h.totals.arrAtRiskMinor)}
            danger={h.totals.arrAtRiskMinor > 0}
            to="/accounts?sort=health&order=asc"
            footer={`${t('home.arrWatch')} ${money(h.totals.arrWatchMinor)} · ${t('home.arr')} ${money(h.totals.arrMinor)}`}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-team-overdue"
            title={t('home.ctasOverdue')}
            value={h.totals.overdueCtas}
            danger={h.totals.overdueCtas > 0}
            to={links.ctas(undefined, true)}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-forecast"
            title={t('home.forecast90')}
            value={money(h.renewals.forecastMinor)}
            to="/renewals?tab=forecast"
            footer={t('home.forecastFooter', {
              count: h.renewals.renewals,
              pipeline: money(h.renewals.pipelineMinor),
              committed: money(h.renewals.committedMinor),
            })}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-team-onboarding"
            title={t('home.onboardingAtRisk')}
            value={h.onboarding.yellow + h.onboarding.red}
            danger={h.onboarding.red > 0}
            to={links.onboarding()}
            footer={`${t('home.inOnboarding', { count: h.onboarding.accounts })} · ${t('home.arr')} ${money(h.onboarding.arrAtRiskMinor)}`}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('home.byCsm')}>
            <Table
              size="small"
              rowKey={(r) => r.ownerId ?? 'none'}
              pagination={false}
              dataSource={h.csms}
              scroll={{ x: 'max-content' }}
              data-testid="home-csms"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.emptyTeam')} /> }}
              columns={[
                {
                  key: 'name',
                  title: t('home.csm'),
                  render: (_, r) =>
                    r.ownerId ? (
                      <Button
                        type="link"
                        size="small"
                        style={{ padding: 0 }}
                        onClick={() => setParams({ ownerId: r.ownerId! })}
                      >
                        {r.ownerName}
                      </Button>
                    ) : (
                      <Typography.Text type="secondary">{t('common.unassigned')}</Typography.Text>
                    ),
                },
                {
                  key: 'accounts',
                  title: t('home.accounts'),
                  align: 'right',
                  render: (_, r) => (r.ownerId ? <Link to={links.book(r.ownerId)}>{r.accounts}</Link> : r.accounts),
                },
                {
                  key: 'arr',
                  title: t('home.arr'),
                  align: 'right',
                  className: 'tenure-num',
                  render: (_, r) => money(r.arrMinor),
                },
                {
                  key: 'risk',
                  title: t('home.arrAtRisk'),
                  align: 'right',
                  className: 'tenure-num',
                  render: (_, r) => (
                    <Typography.Text type={r.arrAtRiskMinor ? 'danger' : undefined}>
                      {money(r.arrAtRiskMinor)}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'watch',
                  title: t('home.arrWatch'),
                  align: 'right',
                  className: 'tenure-num',
                  render: (_, r) => money(r.arrWatchMinor),
                },
                {
                  key: 'overdue',
                  title: t('home.ctasOverdue'),
                  align: 'right',
                  render: (_, r) => <Link to={links.ctas(r.ownerId, true)}>{r.overdueCtas}</Link>,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={t('home.healthMovement')}
            extra={<Link to="/accounts?sort=health&order=asc">{t('home.all')}</Link>}
          >
            <HealthMovementChart before={h.health.before} today={h.health.today} />
            <Typography.Text type="secondary" data-testid="home-movement">
              {t('home.movement', {
                red: signed(moved('red')),
                yellow: signed(moved('yellow')),
                green: signed(moved('green')),
              })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
