import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { CONTACT_PREFIX, type Operator, SEGMENT_FIELD, USAGE_MAX_DAYS, USAGE_PREFIX } from '@shared/conditions';
import { Button, Flex, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  ATTRIBUTE_PREFIX,
  CONTACT_FIELD_NAMES,
  type DraftCondition,
  FIELD_NAMES,
  fieldKind,
  newDraft,
  operatorsFor,
  takesList,
  USAGE_DEFAULT_DAYS,
  usageDraft,
  usageDraftField,
} from '../fields';
import { useEventsConfig } from '../../usage/hooks/useUsage';
import { useConditionScope } from '../context';
import { ConditionValueInput } from './ConditionValueInput';

export interface ConditionBuilderProps {
  conditions: DraftCondition[];
  onChange: (conditions: DraftCondition[]) => void;
  /** Shown for segments; the accounts list always combines its filters with AND. */
  match?: 'all' | 'any';
  onMatchChange?: (match: 'all' | 'any') => void;
}

const ATTRIBUTE_CHOICE = '__attribute';
const USAGE_CHOICE = '__usage';

/** "Usage of <module> over the last <N> days": the module picker (the product modules) and the window. */
function UsageFieldInput({ field, onChange }: { field: string; onChange: (field: string) => void }) {
  const { t } = useTranslation();
  const config = useEventsConfig();
  const { module, days } = usageDraft(field);
  return (
    <>
      <Select
        value={module}
        onChange={(m: string) => onChange(usageDraftField(m, days))}
        options={(config.data?.modules ?? []).map((m) => ({ value: m.key, label: m.name }))}
        placeholder={t('conditions.usageModule')}
        notFoundContent={t('conditions.usageNoModules')}
        loading={config.isPending}
        style={{ width: 120 }}
        showSearch
        optionFilterProp="label"
        data-testid="usage-module"
      />
      <InputNumber
        value={days}
        min={1}
        max={USAGE_MAX_DAYS}
        precision={0}
        onChange={(d) => onChange(usageDraftField(module, d ?? undefined))}
        addonBefore={t('conditions.usageLast')}
        addonAfter={t('conditions.days')}
        style={{ width: 140 }}
        data-testid="usage-days"
      />
    </>
  );
}

function ConditionRow({
  draft,
  onChange,
  onRemove,
}: {
  draft: DraftCondition;
  onChange: (d: DraftCondition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const isAttribute = draft.field?.startsWith(ATTRIBUTE_PREFIX) ?? false;
  const isUsage = draft.field?.startsWith(USAGE_PREFIX) ?? false;
  const { contactFields } = useConditionScope();
  const fieldOptions = [
    { label: t('conditions.standardFields'), options: FIELD_NAMES.map((f) => ({ value: f, label: t(`fields.${f}`) })) },
    { label: t('conditions.productUsage'), options: [{ value: USAGE_CHOICE, label: t('conditions.moduleUsage') }] },
    { label: t('conditions.segments'), options: [{ value: SEGMENT_FIELD, label: t('conditions.segmentMembership') }] },
    { label: t('fields.attributes'), options: [{ value: ATTRIBUTE_CHOICE, label: t('conditions.customAttribute') }] },
    ...(contactFields
      ? [
          {
            label: t('conditions.contactFields'),
            options: CONTACT_FIELD_NAMES.map((f) => ({
              value: `${CONTACT_PREFIX}${f}`,
              label: t(`conditions.contactField.${f}`),
            })),
          },
        ]
      : []),
  ];
  const ops = draft.field ? operatorsFor(draft.field) : [];

  const setField = (field: string) => {
    const next =
      field === ATTRIBUTE_CHOICE
        ? ATTRIBUTE_PREFIX
        : field === USAGE_CHOICE
          ? usageDraftField(undefined, USAGE_DEFAULT_DAYS)
          : field;
    const nextOps = operatorsFor(next);
    const op = draft.op && nextOps.includes(draft.op) ? draft.op : nextOps[0];
    const sameKind = draft.field && fieldKind(draft.field) === fieldKind(next);
    onChange({ ...draft, field: next, op, value: sameKind ? draft.value : undefined });
  };
  const setOp = (op: Operator) => {
    const reshape = takesList(op) !== takesList(draft.op);
    const value = !reshape
      ? draft.value
      : takesList(op)
        ? draft.value === undefined
          ? []
          : [draft.value]
        : Array.isArray(draft.value)
          ? draft.value[0]
          : draft.value;
    onChange({ ...draft, op, value });
  };

  return (
    <Flex gap={8} wrap align="center" data-testid="condition-row">
      <Select
        value={isAttribute ? ATTRIBUTE_CHOICE : isUsage ? USAGE_CHOICE : draft.field}
        onChange={setField}
        options={fieldOptions}
        placeholder={t('conditions.field')}
        style={{ width: 180 }}
        listHeight={480}
        showSearch
        optionFilterProp="label"
        data-testid="condition-field"
      />
      {isAttribute ? (
        <Input
          value={draft.field!.slice(ATTRIBUTE_PREFIX.length)}
          onChange={(e) => onChange({ ...draft, field: `${ATTRIBUTE_PREFIX}${e.target.value}` })}
          placeholder={t('conditions.attributeKey')}
          style={{ width: 140 }}
        />
      ) : null}
      {isUsage ? <UsageFieldInput field={draft.field!} onChange={(field) => onChange({ ...draft, field })} /> : null}
      <Select
        value={draft.op}
        onChange={setOp}
        options={ops.map((op) => ({ value: op, label: t(`operators.${op}`) }))}
        placeholder={t('conditions.operator')}
        style={{ width: isUsage ? 90 : 150 }}
        disabled={!draft.field}
        data-testid="condition-op"
      />
      {draft.field && draft.op ? (
        <ConditionValueInput
          field={draft.field}
          op={draft.op}
          value={draft.value}
          onChange={(value) => onChange({ ...draft, value })}
        />
      ) : null}
      <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.remove')} />
    </Flex>
  );
}

/** Builds a list of {field, op, value} conditions — the same language for list filters and segments. */
export function ConditionBuilder({ conditions, onChange, match, onMatchChange }: ConditionBuilderProps) {
  const { t } = useTranslation();
  const update = (id: string, next: DraftCondition) => onChange(conditions.map((c) => (c.id === id ? next : c)));
  return (
    <Flex vertical gap={10}>
      {match && onMatchChange ? (
        <Flex align="center" gap={8}>
          <Typography.Text>{t('conditions.matchPrefix')}</Typography.Text>
          <Radio.Group
            size="small"
            optionType="button"
            value={match}
            onChange={(e) => onMatchChange(e.target.value)}
            options={[
              { value: 'all', label: t('conditions.matchAll') },
              { value: 'any', label: t('conditions.matchAny') },
            ]}
          />
          <Typography.Text>{t('conditions.matchSuffix')}</Typography.Text>
        </Flex>
      ) : null}
      {conditions.length === 0 ? <Typography.Text type="secondary">{t('conditions.none')}</Typography.Text> : null}
      {conditions.map((draft) => (
        <ConditionRow
          key={draft.id}
          draft={draft}
          onChange={(next) => update(draft.id, next)}
          onRemove={() => onChange(conditions.filter((c) => c.id !== draft.id))}
        />
      ))}
      <div>
        <Button
          icon={<PlusOutlined />}
          onClick={() => onChange([...conditions, newDraft()])}
          data-testid="condition-add"
        >
          {t('conditions.add')}
        </Button>
      </div>
    </Flex>
  );
}
