import { TagsOutlined } from '@ant-design/icons';
import type { VocItemType } from '@shared/voc';
import { Button, Flex, Popover, Select, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/hooks/useMe';
import { useAccountTags, useSetItemTags, useTaxonomy, vocName } from '../hooks/useVoc';

const CATEGORY_COLORS: Record<string, string> = { problem: 'red', request: 'blue', opportunity: 'green' };

/**
 * The VoC tags on one activity, ticket or NPS answer, with a picker to change them (anyone who may write).
 * The account's tags are one query shared by every item on the page.
 */
export function ItemTags({
  accountId,
  itemType,
  itemId,
}: {
  accountId: string;
  itemType: VocItemType;
  itemId: string;
}) {
  const { t } = useTranslation();
  const canWrite = useCan('write');
  const taxonomy = useTaxonomy();
  const tags = useAccountTags(accountId);
  const save = useSetItemTags(accountId);
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const current = tags.data?.items.find((i) => i.itemType === itemType && i.itemId === itemId)?.tags ?? [];
  const categoryKey = useMemo(
    () => new Map((taxonomy.data?.categories ?? []).map((c) => [c.id, c.key ?? ''])),
    [taxonomy.data],
  );
  const options = useMemo(
    () =>
      (taxonomy.data?.categories ?? [])
        .filter((c) => !c.archived)
        .map((c) => ({
          label: vocName(c),
          title: vocName(c),
          options: c.tags
            .filter((tag) => !tag.archived || current.some((x) => x.id === tag.id))
            .map((tag) => ({ value: tag.id, label: vocName(tag) })),
        })),
    [taxonomy.data, current],
  );

  if (!current.length && !canWrite) return null;
  return (
    <Flex gap={4} wrap align="center" style={{ marginTop: 4 }} data-testid="item-tags">
      {current.map((tag) => (
        <Tag key={tag.id} color={CATEGORY_COLORS[categoryKey.get(tag.categoryId) ?? '']} data-testid="item-tag">
          {vocName(tag)}
        </Tag>
      ))}
      {canWrite ? (
        <Popover
          trigger="click"
          open={open}
          onOpenChange={(next) => {
            setOpen(next);
            if (next) setPicked(current.map((x) => x.id));
          }}
          title={t('voc.tags.pick')}
          content={
            <Flex vertical gap={8} style={{ width: 280 }}>
              <Select
                mode="multiple"
                value={picked}
                onChange={setPicked}
                options={options}
                optionFilterProp="label"
                placeholder={t('voc.tags.placeholder')}
                style={{ width: '100%' }}
                data-testid="item-tags-select"
              />
              <Flex justify="end" gap={8}>
                <Button size="small" onClick={() => setOpen(false)}>
                  {t('common.cancel')}
                </Button>
                <Button
                  size="small"
                  type="primary"
                  loading={save.isPending}
                  data-testid="item-tags-save"
                  onClick={() => save.mutate({ itemType, itemId, tagIds: picked }, { onSuccess: () => setOpen(false) })}
                >
                  {t('common.save')}
                </Button>
              </Flex>
            </Flex>
          }
        >
          <Button size="small" type="text" icon={<TagsOutlined />} data-testid="item-tags-edit">
            {current.length ? null : t('voc.tags.add')}
          </Button>
        </Popover>
      ) : null}
    </Flex>
  );
}
