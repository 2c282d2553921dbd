import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { TICKET_PRIORITIES } from '@shared/tickets';
import { Button, Divider, Empty, Flex, Rate, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDateTime } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { type TicketFilters, useTickets } from '../hooks/useSupport';
import { ItemTags } from '../../voc/components/ItemTags';
import { NpsSection } from './NpsSection';
import { type Ticket, TicketModal } from './TicketModal';

const PRIORITY_COLORS: Record<Ticket['priority'], string> = {
  low: 'default',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
const SORT_KEYS = { openedAt: 'opened', ageDays: 'age', priority: 'priority' } as const;

/** The Support tab of the Customer 360: the account's tickets, then its NPS answers. */
export function SupportTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const canWrite = useCan('write');
  const [filters, setFilters] = useState<TicketFilters>({ page: 1, pageSize: 10, state: 'open' });
  const [editing, setEditing] = useState<Ticket | 'new' | null>(null);
  const tickets = useTickets(accountId, filters);
  const priorities = useEnumOptions('support.priorities', TICKET_PRIORITIES);
  const change = (patch: Partial<TicketFilters>) => setFilters((f) => ({ ...f, page: 1, ...patch }));

  return (
    <div data-testid="support-tab">
      <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <Segmented
            value={filters.state ?? 'all'}
            onChange={(v) => change({ state: v === 'all' ? undefined : (v as 'open' | 'closed') })}
            options={[
              { value: 'open', label: t('support.open') },
              { value: 'closed', label: t('support.closed') },
              { value: 'all', label: t('support.all') },
            ]}
            data-testid="ticket-state"
          />
          <Select
            allowClear
            placeholder={t('support.anyPriority')}
            options={priorities}
            value={filters.priority}
            onChange={(priority) => change({ priority })}
            style={{ minWidth: 140 }}
          />
        </Flex>
        {canWrite ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="ticket-add">
            {t('support.newTicket')}
          </Button>
        ) : null}
      </Flex>
      {tickets.isError ? (
        <QueryError error={tickets.error} onRetry={() => void tickets.refetch()} compact />
      ) : (
        <Table<Ticket>
          rowKey="id"
          size="middle"
          data-testid="tickets"
          loading={tickets.isPending}
          dataSource={tickets.data?.items}
          scroll={{ x: 760 }}
          onChange={(_, __, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = s?.order ? SORT_KEYS[s.field as keyof typeof SORT_KEYS] : undefined;
            change({ sort: field ?? 'opened', order: s?.order === 'ascend' ? 'asc' : 'desc' });
          }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: tickets.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
          }}
          locale={{
            emptyText: (
              <Empty description={filters.state ? t(`support.empty.${filters.state}`) : t('support.empty.all')} />
            ),
          }}
          columns={[
            {
              title: t('support.subject'),
              dataIndex: 'subject',
              render: (_, ticket) => (
                <div>
                  <Typography.Text strong>{ticket.subject}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[ticket.type ? t(`support.types.${ticket.type}`) : null, ticket.contactName, ticket.externalId]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </div>
                  <ItemTags accountId={accountId} itemType="ticket" itemId={ticket.id} />
                </div>
              ),
            },
            {
              title: t('support.status'),
              dataIndex: 'status',
              width: 110,
              render: (status: Ticket['status']) => <Tag>{t(`support.statuses.${status}`)}</Tag>,
            },
            {
              title: t('support.priority'),
              dataIndex: 'priority',
              width: 110,
              sorter: true,
              render: (p: Ticket['priority']) => <Tag color={PRIORITY_COLORS[p]}>{t(`support.priorities.${p}`)}</Tag>,
            },
            {
              title: t('support.openedAt'),
              dataIndex: 'openedAt',
              width: 170,
              sorter: true,
              defaultSortOrder: 'descend',
              render: (v: string, ticket) => (
                <div>
                  {formatDateTime(v)}
                  {ticket.closedAt ? (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('support.closedOn', { at: formatDateTime(ticket.closedAt) })}
                      </Typography.Text>
                    </div>
                  ) : null}
                </div>
              ),
            },
            {
              title: t('support.age'),
              dataIndex: 'ageDays',
              width: 90,
              sorter: true,
              render: (days: number) => t('support.days', { count: days }),
            },
            {
              title: t('support.csat'),
              dataIndex: 'csat',
              width: 150,
              render: (csat: number | null) =>
                csat ? (
                  <Rate disabled value={csat} style={{ fontSize: 14 }} />
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            ...(canWrite
              ? [
                  {
                    key: 'edit',
                    width: 60,
                    render: (_: unknown, ticket: Ticket) => (
                      <Button
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('support.editTicket')}
                        onClick={() => setEditing(ticket)}
                        data-testid="ticket-edit"
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <TicketModal
        accountId={accountId}
        ticket={editing && editing !== 'new' ? editing : undefined}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
      <Divider />
      <NpsSection accountId={accountId} />
    </div>
  );
}
