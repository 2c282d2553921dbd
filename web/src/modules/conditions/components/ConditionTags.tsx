import type { Condition } from '@shared/conditions';
import { Flex, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeam } from '../../../hooks/useOptions';
import { useEventsConfig } from '../../usage/hooks/useUsage';
import { describeCondition } from '../describe';

/** Conditions as read-only chips, optionally removable one by one. */
export function ConditionTags({
  conditions,
  match = 'all',
  onRemove,
}: {
  conditions: Condition[];
  match?: 'all' | 'any';
  onRemove?: (index: number) => void;
}) {
  const { t } = useTranslation();
  const team = useTeam();
  const users = useMemo(() => new Map((team.data ?? []).map((u) => [u.id, u.name])), [team.data]);
  const events = useEventsConfig();
  const modules = useMemo(() => new Map((events.data?.modules ?? []).map((m) => [m.key, m.name])), [events.data]);
  return (
    <Flex gap={4} wrap align="center">
      {conditions.map((c, i) => (
        <Flex key={`${c.field}-${i}`} align="center" gap={4}>
          {i > 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(match === 'any' ? 'conditions.or' : 'conditions.and')}
            </Typography.Text>
          ) : null}
          <Tag
            color="blue"
            closable={Boolean(onRemove)}
            onClose={(e) => {
              e.preventDefault();
              onRemove?.(i);
            }}
            style={{ marginInlineEnd: 0 }}
          >
            {describeCondition(t, c, { users, modules })}
          </Tag>
        </Flex>
      ))}
    </Flex>
  );
}
