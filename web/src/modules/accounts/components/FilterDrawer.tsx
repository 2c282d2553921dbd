import type { Condition } from '@shared/conditions';
import { Button, Drawer, Flex, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConditionBuilder } from '../../conditions/components/ConditionBuilder';
import { type DraftCondition, fromConditions, newDraft, toConditions } from '../../conditions/fields';

interface Props {
  open: boolean;
  filters: Condition[];
  onApply: (filters: Condition[]) => void;
  onClose: () => void;
}

/** Edits the list's advanced filters as drafts; nothing reaches the URL until Apply. */
export function FilterDrawer({ open, filters, onApply, onClose }: Props) {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<DraftCondition[]>([]);
  useEffect(() => {
    if (open) setDrafts(filters.length ? fromConditions(filters) : [newDraft()]);
  }, [open, filters]);

  const complete = toConditions(drafts);
  const incomplete = drafts.filter((d) => d.field || d.op).length - complete.length;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('accounts.filters')}
      width={800}
      extra={
        <Flex gap={8}>
          <Button onClick={() => onApply([])}>{t('common.clear')}</Button>
          <Button type="primary" onClick={() => onApply(complete)} data-testid="filters-apply">
            {t('common.apply')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('accounts.filtersHelp')}</Typography.Paragraph>
      <ConditionBuilder conditions={drafts} onChange={setDrafts} />
      {incomplete > 0 ? (
        <Typography.Paragraph type="warning" style={{ marginTop: 12 }}>
          {t('conditions.incomplete', { count: incomplete })}
        </Typography.Paragraph>
      ) : null}
    </Drawer>
  );
}
