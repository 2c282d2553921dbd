import type { ResponseOf } from '@shared/endpoint';
import type { teamApi } from '@shared/team';
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney, formatPercent } from '../../../lib/format';
import { teamLinks } from './links';

type Team = ResponseOf<typeof teamApi.overview>;
type Row = Team['rows'][number];

/** Each owner's book side by side (docs/team.md); every figure with a list behind it links to that list. */
export function TeamTable({ team }: { team: Team }) {
  const { t } = useTranslation();
  // Compact in the cells so the whole row fits at 1280 px; the exact amount on hover.
  const money = (minor: number) => (
    <span title={formatMoney(minor, team.currency, { narrow: true })}>
      {formatMoney(minor, team.currency, { compact: true })}
    </span>
  );
  const linked = (to: string | null, content: ReactNode) => (to ? <Link to={to}>{content}</Link> : content);
  const byNumber = (pick: (r: Row) => number | null) => (a: Row, b: Row) => (pick(a) ?? -1) - (pick(b) ?? -1);
  const capacityText = (limit: number | null, value: number) =>
    limit === null
      ? '—'
      : team.capacity.basis === 'accounts'
        ? `${value} / ${limit}`
        : `${formatMoney(value, team.currency, { compact: true })} / ${formatMoney(limit, team.currency, { compact: true })}`;

  const columns: ColumnsType<Row> = [
    {
      key: 'name',
      title: t('team.owner'),
      sorter: (a, b) => (a.ownerName ?? '\uffff').localeCompare(b.ownerName ?? '\uffff'),
      render: (_, r) => (
        <span>
          {r.ownerId ? r.ownerName : <Typography.Text type="secondary">{t('common.unassigned')}</Typography.Text>}
          {r.overCapacity ? (
            <Tag color="red" style={{ display: 'table', marginTop: 2 }} data-testid="over-capacity">
              {t('team.overCapacity')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    {
      key: 'accounts',
      title: t('team.accounts'),
      align: 'right',
      sorter: byNumber((r) => r.accounts),
      render: (_, r) => linked(r.ownerId && teamLinks.book(r.ownerId), r.accounts),
    },
    {
      key: 'arr',
      title: t('team.arr'),
      align: 'right',
      sorter: byNumber((r) => r.arrMinor),
      defaultSortOrder: 'descend',
      render: (_, r) => money(r.arrMinor),
    },
    {
      key: 'ctas',
      title: t('team.ctas'),
      align: 'right',
      sorter: byNumber((r) => r.overdueCtas),
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {linked(r.ownerId && teamLinks.ctas(r.ownerId, false), r.openCtas)}
          {' · '}
          {linked(
            r.ownerId && teamLinks.ctas(r.ownerId, true),
            <Typography.Text type={r.overdueCtas ? 'danger' : undefined} data-testid="overdue-ctas">
              {r.overdueCtas}
            </Typography.Text>,
          )}
        </span>
      ),
    },
    {
      key: 'touches',
      title: t('team.touches30'),
      align: 'right',
      sorter: byNumber((r) => r.touches30),
      render: (_, r) => r.touches30,
    },
    {
      key: 'renewals',
      title: t('team.renewals90'),
      align: 'right',
      sorter: byNumber((r) => r.renewals90ArrMinor),
      render: (_, r) =>
        linked(
          r.ownerId && teamLinks.renewals(r.ownerId),
          <>
            {r.renewals90} · {money(r.renewals90ArrMinor)}
          </>,
        ),
    },
    {
      key: 'risk',
      title: t('team.arrAtRisk'),
      align: 'right',
      sorter: byNumber((r) => r.arrAtRiskMinor),
      render: (_, r) =>
        linked(
          r.ownerId && teamLinks.atRisk(r.ownerId),
          <Typography.Text type={r.arrAtRiskMinor ? 'danger' : undefined}>{money(r.arrAtRiskMinor)}</Typography.Text>,
        ),
    },
    {
      key: 'year',
      title: t('team.last12'),
      align: 'center',
      children: [
        {
          key: 'churned',
          title: t('team.churned'),
          align: 'right',
          sorter: byNumber((r) => r.churnedArrMinor),
          render: (_, r) => money(r.churnedArrMinor),
        },
        {
          key: 'expansion',
          title: t('team.expansion'),
          align: 'right',
          sorter: byNumber((r) => r.expansionArrMinor),
          render: (_, r) => money(r.expansionArrMinor),
        },
        {
          key: 'nrr',
          title: t('team.nrr'),
          align: 'right',
          sorter: byNumber((r) => r.nrr),
          render: (_, r) => formatPercent(r.nrr, 0) || '—',
        },
      ],
    },
    {
      key: 'capacity',
      title: t('team.capacity'),
      align: 'right',
      sorter: byNumber((r) => r.load),
      render: (_, r) => (
        <Typography.Text type={r.overCapacity ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {capacityText(r.capacity, team.capacity.basis === 'accounts' ? r.accounts : r.arrMinor)}
        </Typography.Text>
      ),
    },
  ];

  const s = team.totals;
  const cells = [
    s.accounts,
    money(s.arrMinor),
    <span key="ctas" style={{ whiteSpace: 'nowrap' }}>
      {linked('/ctas?scope=all', s.openCtas)} · {linked('/ctas?scope=all&overdue=true', s.overdueCtas)}
    </span>,
    s.touches30,
    linked(
      teamLinks.renewals(),
      <>
        {s.renewals90} · {money(s.renewals90ArrMinor)}
      </>,
    ),
    money(s.arrAtRiskMinor),
    money(s.churnedArrMinor),
    money(s.expansionArrMinor),
    formatPercent(s.nrr, 0) || '—',
    '',
  ];

  return (
    <Table
      size="small"
      rowKey={(r) => r.ownerId ?? 'none'}
      pagination={false}
      dataSource={team.rows}
      columns={columns}
      // Headers wrap to fit 1280 px; narrower windows scroll the table inside its card instead of clipping it.
      scroll={{ x: 960 }}
      data-testid="team-table"
      onRow={(r) => ({ 'data-testid': r.overCapacity ? 'team-row-over' : 'team-row' }) as object}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row data-testid="team-totals">
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('team.total')}</Typography.Text>
            </Table.Summary.Cell>
            {cells.map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <Table.Summary.Cell key={i} index={i + 1} align="right">
                <Typography.Text strong>{cell}</Typography.Text>
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
