import type { ResponseOf } from '@shared/endpoint';
import type { homeApi } from '@shared/home';
import { Card, Empty, List, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatMoney } from '../../../lib/format';
import { reasonText } from '../../ctas/text';
import { HEALTH_TAG } from '../../health/components/HealthBadge';
import { links } from './Tile';

type Changes = ResponseOf<typeof homeApi.csm>['changes'];

/** What moved in the book since yesterday: health colours, new CTAs, new detractors, renewals entering 90 days. */
export function SinceYesterday({ changes, currency }: { changes: Changes; currency: string }) {
  const { t } = useTranslation();
  const rows: { key: string; kind: string; content: ReactNode }[] = [
    ...changes.health.map((c) => ({
      key: `h-${c.accountId}`,
      kind: t('home.change.health'),
      content: (
        <>
          <Link to={links.account(c.accountId)}>{c.accountName}</Link>{' '}
          <Tag color={HEALTH_TAG[c.from]}>{t(`health.color.${c.from}`)}</Tag>→{' '}
          <Tag color={HEALTH_TAG[c.to]}>{t(`health.color.${c.to}`)}</Tag>
        </>
      ),
    })),
    ...changes.newCtas.map((c) => ({
      key: `c-${c.ctaId}`,
      kind: t('home.change.newCta'),
      content: (
        <>
          <Link to={links.cta(c.ctaId)}>{c.accountName}</Link>
          <Typography.Text type="secondary"> — {reasonText(t, c)}</Typography.Text>
        </>
      ),
    })),
    ...changes.detractors.map((d) => ({
      key: `d-${d.accountId}`,
      kind: t('home.change.detractor'),
      content: (
        <>
          <Link to={links.account(d.accountId)}>{d.accountName}</Link>
          <Typography.Text type="secondary"> — NPS {d.score}</Typography.Text>
        </>
      ),
    })),
    ...changes.renewalsEntering.map((r) => ({
      key: `r-${r.accountId}`,
      kind: t('home.change.renewal'),
      content: (
        <>
          <Link to={links.account(r.accountId)}>{r.accountName}</Link>
          <Typography.Text type="secondary">
            {' '}
            — {formatDate(r.renewsOn)} · {formatMoney(r.arrMinor, currency, { narrow: true })}
          </Typography.Text>
        </>
      ),
    })),
  ];
  return (
    <Card size="small" title={t('home.sinceYesterday')} data-testid="home-changes">
      <List
        size="small"
        dataSource={rows}
        // A day of a big book can hold dozens of changes: a page at a time keeps the Home readable.
        pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.emptyChanges')} /> }}
        renderItem={(r) => (
          <List.Item key={r.key}>
            <Tag>{r.kind}</Tag>
            {r.content}
          </List.Item>
        )}
      />
    </Card>
  );
}
