import { ApartmentOutlined, FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { LIFECYCLE_STAGES, TIERS } from '@shared/accounts';
import { Badge, Button, Flex, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccountOwnerOptions } from '../../../hooks/useAccountOwnerOptions';
import { useEnumOptions } from '../../../hooks/useOptions';
import { useSegments } from '../../segments/hooks/useSegments';
import { isFiltered, type ListState } from '../hooks/useListState';

interface Props {
  state: ListState;
  onChange: (patch: Partial<ListState>) => void;
  onReplace: (state: Partial<ListState>) => void;
  onOpenFilters: () => void;
}

export function AccountsToolbar({ state, onChange, onReplace, onOpenFilters }: Props) {
  const { t } = useTranslation();
  const tiers = useEnumOptions('tiers', TIERS);
  const stages = useEnumOptions('stages', LIFECYCLE_STAGES);
  const owners = useAccountOwnerOptions();
  const segments = useSegments();
  const [search, setSearch] = useState(state.q);
  // Keep the box in step when the URL changes underneath (back button, saved view).
  useEffect(() => setSearch(state.q), [state.q]);

  return (
    <Flex gap={8} wrap align="center">
      <Input.Search
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onSearch={(value) => onChange({ q: value.trim() })}
        placeholder={t('accounts.searchPlaceholder')}
        allowClear
        style={{ width: 260 }}
        data-testid="accounts-search"
      />
      <Select
        mode="multiple"
        maxTagCount="responsive"
        options={tiers}
        value={state.tier}
        onChange={(tier: string[]) => onChange({ tier })}
        placeholder={t('fields.tier')}
        style={{ minWidth: 130 }}
        allowClear
        data-testid="quick-tier"
      />
      <Select
        mode="multiple"
        maxTagCount="responsive"
        options={stages}
        value={state.stage}
        onChange={(stage: string[]) => onChange({ stage })}
        placeholder={t('fields.lifecycle_stage')}
        style={{ minWidth: 150 }}
        allowClear
        data-testid="quick-stage"
      />
      <Select
        options={owners}
        value={state.owner}
        onChange={(owner?: string) => onChange({ owner })}
        placeholder={t('fields.owner_id')}
        style={{ minWidth: 150 }}
        allowClear
        showSearch
        optionFilterProp="label"
      />
      <Select
        suffixIcon={<ApartmentOutlined />}
        options={(segments.data ?? []).map((s) => ({
          value: s.id,
          label: s.invalid ? `${s.name} (${t('segments.invalid')})` : `${s.name} (${s.memberCount})`,
          disabled: s.invalid,
        }))}
        loading={segments.isPending}
        value={state.segmentId}
        onChange={(segmentId?: string) => onChange({ segmentId })}
        placeholder={t('accounts.segment')}
        style={{ minWidth: 160, maxWidth: 260 }}
        allowClear
        showSearch
        optionFilterProp="label"
        notFoundContent={t('segments.empty')}
        data-testid="segment-picker"
      />
      <Badge count={state.filters.length} size="small">
        <Button icon={<FilterOutlined />} onClick={onOpenFilters} data-testid="filters-open">
          {t('accounts.filters')}
        </Button>
      </Badge>
      {isFiltered(state) ? (
        <Button
          type="link"
          icon={<ReloadOutlined />}
          onClick={() => onReplace({ sort: state.sort, order: state.order, pageSize: state.pageSize })}
        >
          {t('accounts.clearFilters')}
        </Button>
      ) : null}
    </Flex>
  );
}
