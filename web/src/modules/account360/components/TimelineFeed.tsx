import { Button, Empty, Flex, Select, Skeleton, Timeline, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, type Activity } from '@shared/timeline';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDateTime, fromNow } from '../../../lib/format';
import { useTimeline } from '../hooks/useAccount';
import { systemEventText } from '../timelineText';
import { ACTIVITY_COLORS, ActivityIcon } from './ActivityIcon';
import { ItemTags } from '../../voc/components/ItemTags';

/** What a timeline entry is as a VoC item (docs/voc.md): a logged activity, a ticket or an NPS answer. */
function vocItem(activity: Activity): { itemType: 'activity' | 'ticket' | 'nps'; itemId: string } | null {
  if (activity.type === 'system') return null;
  if (activity.type === 'ticket')
    return typeof activity.data.ticketId === 'string' ? { itemType: 'ticket', itemId: activity.data.ticketId } : null;
  if (activity.type === 'nps') return { itemType: 'nps', itemId: activity.id };
  return { itemType: 'activity', itemId: activity.id };
}

function ActivityItem({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  // Tickets and NPS answers read like system events (a catalog key); an answer's comment shows as its body.
  const system = activity.type === 'system' || activity.type === 'ticket' || activity.type === 'nps';
  return (
    <div data-testid="timeline-item" data-type={activity.type}>
      <Flex justify="space-between" gap={12} wrap>
        <Typography.Text strong={!system} type={system ? 'secondary' : undefined}>
          {system ? systemEventText(t, activity) : (activity.subject ?? t(`activityTypes.${activity.type}`))}
        </Typography.Text>
        <Tooltip title={formatDateTime(activity.occurredAt)}>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {fromNow(activity.occurredAt)}
          </Typography.Text>
        </Tooltip>
      </Flex>
      {(!system || activity.type === 'nps') && activity.body ? (
        <Typography.Paragraph className="tenure-pre" style={{ margin: '4px 0 0' }}>
          {activity.body}
        </Typography.Paragraph>
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`activityTypes.${activity.type}`)}
        {activity.authorName ? ` · ${activity.authorName}` : ''}
        {activity.contactName && !system ? ` · ${t('timeline.with', { name: activity.contactName })}` : ''}
      </Typography.Text>
      {vocItem(activity) ? <ItemTags accountId={activity.accountId} {...vocItem(activity)!} /> : null}
    </div>
  );
}

/** The account's history, newest first, filterable by type and loaded a page at a time. */
export function TimelineFeed({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [types, setTypes] = useState<string[]>([]);
  const typeOptions = useEnumOptions('activityTypes', ACTIVITY_TYPES);
  const timeline = useTimeline(accountId, types);
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const total = timeline.data?.pages[0]?.total ?? 0;

  return (
    <div>
      <Flex justify="space-between" align="center" gap={8} style={{ margin: '16px 0' }} wrap>
        <Typography.Text type="secondary">
          {timeline.data ? t('timeline.count', { count: total }) : null}
        </Typography.Text>
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          value={types}
          onChange={setTypes}
          options={typeOptions}
          placeholder={t('timeline.allTypes')}
          style={{ minWidth: 220 }}
          data-testid="timeline-types"
        />
      </Flex>
      {timeline.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : timeline.isError ? (
        <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} compact />
      ) : items.length === 0 ? (
        <Empty description={types.length ? t('timeline.noneOfType') : t('timeline.empty')} />
      ) : (
        <>
          <Timeline
            data-testid="timeline"
            items={items.map((a) => ({
              key: a.id,
              color: ACTIVITY_COLORS[a.type],
              dot: <ActivityIcon type={a.type} />,
              children: <ActivityItem activity={a} />,
            }))}
          />
          {timeline.hasNextPage ? (
            <Flex justify="center">
              <Button onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
                {t('timeline.loadMore', { shown: items.length, total })}
              </Button>
            </Flex>
          ) : null}
        </>
      )}
    </div>
  );
}
