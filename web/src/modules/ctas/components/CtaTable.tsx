import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import type { Cta } from '../hooks/useCtas';
import { PRIORITY_COLOURS, reasonText, TYPE_COLOURS } from '../text';

/** CTAs as rows: overdue due dates in red, flagged ones tagged; a click opens the drawer. */
export function CtaTable({
  items,
  total,
  page,
  pageSize,
  loading,
  onPage,
  onOpen,
  showAccount = true,
}: {
  items: Cta[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
  onOpen: (id: string) => void;
  showAccount?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table<Cta>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      data-testid="cta-table"
      onRow={(c) =>
        ({
          onClick: () => onOpen(c.id),
          style: { cursor: 'pointer' },
          'data-testid': 'cta-row',
        }) as React.HTMLAttributes<HTMLElement>
      }
      pagination={{ current: page, pageSize, total, showSizeChanger: true, onChange: onPage }}
      locale={{ emptyText: t('ctas.empty') }}
      columns={[
        {
          title: t('ctas.reasonLabel'),
          key: 'reason',
          render: (_, c) => (
            <div>
              <Typography.Text strong>{reasonText(t, c)}</Typography.Text>
              {c.flagged ? (
                <Tag color="magenta" style={{ marginLeft: 8 }}>
                  {t('ctas.flagged')}
                </Tag>
              ) : null}
              {c.status === 'snoozed' ? <Tag style={{ marginLeft: 8 }}>{t('ctas.status.snoozed')}</Tag> : null}
            </div>
          ),
        },
        ...(showAccount
          ? [
              {
                title: t('ctas.account'),
                key: 'account',
                width: 200,
                render: (_: unknown, c: Cta) => (
                  <Link to={`/accounts/${c.accountId}`} onClick={(e) => e.stopPropagation()}>
                    {c.accountName}
                  </Link>
                ),
              },
            ]
          : []),
        {
          title: t('ctas.typeLabel'),
          dataIndex: 'type',
          width: 110,
          render: (v: string) => <Tag color={TYPE_COLOURS[v]}>{t(`ctas.type.${v}`)}</Tag>,
        },
        {
          title: t('ctas.priorityLabel'),
          dataIndex: 'priority',
          width: 90,
          render: (v: string) => <Tag color={PRIORITY_COLOURS[v]}>{t(`ctas.priority.${v}`)}</Tag>,
        },
        {
          title: t('ctas.due'),
          dataIndex: 'dueOn',
          width: 120,
          render: (v: string, c) => (
            // A date stays on one line, however the other columns squeeze the table.
            <Typography.Text
              type={c.overdue ? 'danger' : undefined}
              data-testid={c.overdue ? 'cta-overdue' : undefined}
              style={{ whiteSpace: 'nowrap' }}
            >
              {formatDate(v)}
            </Typography.Text>
          ),
        },
        {
          title: t('ctas.owner'),
          dataIndex: 'ownerName',
          width: 120,
          render: (v: string | null) => v ?? t('common.unassigned'),
        },
        {
          title: t('ctas.tasks'),
          key: 'tasks',
          width: 80,
          render: (_, c) =>
            c.tasksTotal ? <span style={{ whiteSpace: 'nowrap' }}>{`${c.tasksDone}/${c.tasksTotal}`}</span> : '',
        },
        ...(items.some((c) => c.status === 'closed')
          ? [
              {
                title: t('ctas.outcomeLabel'),
                key: 'outcome',
                width: 120,
                render: (_: unknown, c: Cta) => (c.outcome ? t(`ctas.outcome.${c.outcome}`) : ''),
              },
            ]
          : []),
      ]}
    />
  );
}
