import type { ResponseOf } from '@shared/endpoint';
import type { homeApi } from '@shared/home';
import { Card, Col, Empty, List, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { formatDate, formatMoney, formatPercent, fromNow } from '../../../lib/format';
import { reasonText } from '../../ctas/text';
import { HEALTH_TAG, HealthBadge, TrendArrow } from '../../health/components/HealthBadge';
import { useCsmHome } from '../hooks/useHome';
import { SinceYesterday } from './SinceYesterday';
import { links, Tile } from './Tile';

type Book = ResponseOf<typeof homeApi.csm>;

/** A CSM's book: the tiles of their day (docs/home.md), each linking to the list behind it. */
export function CsmHome({ ownerId }: { ownerId?: string }) {
  const { t } = useTranslation();
  const home = useCsmHome(ownerId);
  if (home.isPending) return <Skeleton active />;
  if (home.isError) return <QueryError error={home.error} onRetry={() => void home.refetch()} />;
  const h: Book = home.data;
  const money = (minor: number) => formatMoney(minor, h.currency, { narrow: true });
  const owner = h.owner.id;
  const empty = (text: string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;

  return (
    <div data-testid="home-book">
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-book"
            title={t('home.book')}
            value={h.book.accounts}
            to={links.book(owner)}
            footer={`${t('home.arr')} ${money(h.book.arrMinor)} · ${t('health.color.red')} ${h.book.colours.red} · ${t('health.color.yellow')} ${h.book.colours.yellow}`}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-renewals"
            title={t('home.renewals90')}
            value={h.renewals.count}
            to={links.renewals(owner)}
            footer={`${t('home.arr')} ${money(h.renewals.arrMinor)}`}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-overdue"
            title={t('home.ctasOverdue')}
            value={h.ctas.overdue}
            danger={h.ctas.overdue > 0}
            to={links.ctas(owner, true)}
            footer={t('home.ctasDueToday', { count: h.ctas.dueToday, active: h.ctas.active })}
          />
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Tile
            testId="tile-onboarding"
            title={t('home.onboardingAtRisk')}
            value={h.onboarding.atRisk.length}
            danger={h.onboarding.atRisk.some((a) => a.colour === 'red')}
            to={links.onboarding(owner)}
            footer={t('home.inOnboarding', { count: h.onboarding.accounts })}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('home.attention')} extra={<Link to={links.book(owner)}>{t('home.all')}</Link>}>
            <Table
              size="small"
              rowKey="accountId"
              pagination={false}
              dataSource={h.book.items}
              locale={{ emptyText: empty(t('home.emptyBook')) }}
              columns={[
                {
                  key: 'name',
                  title: t('home.account'),
                  render: (_, r) => <Link to={links.account(r.accountId)}>{r.accountName}</Link>,
                },
                {
                  key: 'health',
                  title: t('health.column'),
                  render: (_, r) =>
                    r.color && r.score !== null ? <HealthBadge score={r.score} color={r.color} /> : '—',
                },
                { key: 'trend', title: t('home.trend'), render: (_, r) => <TrendArrow trend={r.trend30} days={30} /> },
                { key: 'arr', title: t('home.arr'), align: 'right', render: (_, r) => money(r.arrMinor) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('home.renewals90')}
            extra={<Link to={links.renewals(owner)}>{t('home.all')}</Link>}
          >
            <Table
              size="small"
              rowKey="accountId"
              pagination={false}
              dataSource={h.renewals.items}
              locale={{ emptyText: empty(t('home.emptyRenewals')) }}
              data-testid="home-renewals"
              columns={[
                {
                  key: 'name',
                  title: t('home.account'),
                  render: (_, r) => <Link to={links.account(r.accountId)}>{r.accountName}</Link>,
                },
                { key: 'on', title: t('home.renewsOn'), render: (_, r) => formatDate(r.renewsOn) },
                { key: 'days', title: t('home.daysLeft'), align: 'right', render: (_, r) => r.daysLeft },
                {
                  key: 'p',
                  title: t('home.probability'),
                  align: 'right',
                  render: (_, r) => formatPercent(r.probability, 0),
                },
                { key: 'arr', title: t('home.arr'), align: 'right', render: (_, r) => money(r.arrMinor) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('home.ctasDue')}
            extra={<Link to={links.ctas(owner, false)}>{t('home.all')}</Link>}
          >
            <List
              size="small"
              dataSource={h.ctas.items}
              locale={{ emptyText: empty(t('home.emptyCtas')) }}
              data-testid="home-ctas"
              renderItem={(c) => (
                <List.Item
                  extra={
                    <Typography.Text type={c.overdue ? 'danger' : 'secondary'}>
                      {c.overdue ? t('ctas.overdue') : t('home.today')} · {formatDate(c.dueOn)}
                    </Typography.Text>
                  }
                >
                  <Link to={links.cta(c.id)}>{c.accountName}</Link>
                  <Typography.Text type="secondary"> — {reasonText(t, c)}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('home.onboardingAtRisk')}
            extra={<Link to={links.onboarding(owner)}>{t('home.all')}</Link>}
          >
            <List
              size="small"
              dataSource={h.onboarding.atRisk}
              locale={{ emptyText: empty(t('home.emptyOnboarding')) }}
              renderItem={(a) => (
                <List.Item extra={money(a.arrMinor)}>
                  <Tag color={HEALTH_TAG[a.colour]}>{t(`onboarding.colour.${a.colour}`)}</Tag>
                  <Link to={links.account(a.accountId)}>{a.accountName}</Link>
                  <Typography.Text type="secondary"> · {t('home.openCtas', { count: a.openCtas })}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('home.events')}>
            <List
              size="small"
              dataSource={h.events}
              locale={{ emptyText: empty(t('home.emptyEvents')) }}
              data-testid="home-events"
              renderItem={(e) => (
                <List.Item extra={<Typography.Text type="secondary">{fromNow(e.openedAt)}</Typography.Text>}>
                  <Tag>{t(`home.trigger.${e.trigger}`)}</Tag>
                  <Link to={links.cta(e.ctaId)}>{e.accountName}</Link>
                  <Typography.Text type="secondary"> — {reasonText(t, e)}</Typography.Text>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <SinceYesterday changes={h.changes} currency={h.currency} />
        </Col>
      </Row>
    </div>
  );
}
