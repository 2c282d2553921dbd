import type { Operator } from '@shared/conditions';
import { DatePicker, Input, InputNumber, type InputNumberProps, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useEnumOptions, useOwnerOptions } from '../../../hooks/useOptions';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { segmentsApi } from '@shared/segments';
import { useQuery } from '@tanstack/react-query';
import { call } from '../../../api/client';
import { ENUM_FIELDS, fieldKind, takesList, takesNoValue } from '../fields';

interface Props {
  field: string;
  op: Operator;
  value: unknown;
  onChange: (value: unknown) => void;
}

const WIDTH = { width: 240 };

function EnumValue({
  field,
  list,
  value,
  onChange,
}: {
  field: string;
  list: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const spec = ENUM_FIELDS[field]!;
  const options = useEnumOptions(spec.prefix, spec.values);
  return (
    <Select
      mode={list ? 'multiple' : undefined}
      options={options}
      value={value as string}
      onChange={onChange}
      style={WIDTH}
      placeholder={t('conditions.value')}
      allowClear
    />
  );
}

function UserValue({ list, value, onChange }: { list: boolean; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const options = useOwnerOptions();
  return (
    <Select
      mode={list ? 'multiple' : undefined}
      options={options}
      value={value as string}
      onChange={onChange}
      style={WIDTH}
      placeholder={t('conditions.pickUser')}
      showSearch
      optionFilterProp="label"
      allowClear
    />
  );
}

/** Saved segments to test membership of (the segments list's own query, shared through its cache key). */
function SegmentValue({ value, onChange }: { value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => call(segmentsApi.list), select: (d) => d.items });
  return (
    <Select
      mode="multiple"
      options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      value={(Array.isArray(value) ? value : []) as string[]}
      onChange={onChange}
      loading={segments.isPending}
      style={WIDTH}
      placeholder={t('conditions.pickSegments')}
      showSearch
      optionFilterProp="label"
      data-testid="condition-segments"
    />
  );
}

/** The value editor a field and operator call for: a picker for enums and people, a date, a number or text. */
export function ConditionValueInput({ field, op, value, onChange }: Props) {
  const { t } = useTranslation();
  if (takesNoValue(op)) return null;
  const kind = fieldKind(field);
  const list = takesList(op);

  if (kind === 'segment') return <SegmentValue value={value} onChange={onChange} />;
  if (kind === 'enum') return <EnumValue field={field} list={list} value={value} onChange={onChange} />;
  if (kind === 'user') return <UserValue list={list} value={value} onChange={onChange} />;
  if (kind === 'account')
    return <AccountSelect multiple={list} value={value as string | string[]} onChange={onChange} style={WIDTH} />;
  if (list) {
    const values = (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String);
    return (
      <Select
        mode="tags"
        value={values}
        onChange={(v: string[]) =>
          onChange(
            kind === 'number' || kind === 'money' ? v.filter((x) => x.trim() !== '' && !Number.isNaN(Number(x))) : v,
          )
        }
        open={false}
        suffixIcon={null}
        tokenSeparators={[',', '，']}
        style={WIDTH}
        placeholder={t('conditions.listPlaceholder')}
      />
    );
  }
  // A whole count with its unit: the days of "within N days", the events of a module's usage.
  const count = (unit: string, props: Pick<InputNumberProps, 'style' | 'placeholder'>, testId?: string) => (
    <InputNumber
      min={0}
      precision={0}
      value={value as number}
      onChange={(v) => onChange(v ?? undefined)}
      addonAfter={unit}
      data-testid={testId}
      {...props}
    />
  );
  if (op === 'within_days') return count(t('conditions.days'), { style: WIDTH });
  if (kind === 'usage')
    return count(t('conditions.events'), { style: { width: 140 }, placeholder: t('conditions.value') }, 'usage-value');
  if (kind === 'number' || kind === 'money') {
    return (
      <InputNumber
        value={value as number}
        onChange={(v) => onChange(v ?? undefined)}
        style={WIDTH}
        placeholder={t('conditions.value')}
      />
    );
  }
  if (kind === 'date') {
    const parsed = typeof value === 'string' && value ? dayjs(value) : null;
    return (
      <DatePicker value={parsed} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} style={WIDTH} />
    );
  }
  return (
    <Input
      value={value as string}
      onChange={(e) => onChange(e.target.value)}
      style={WIDTH}
      placeholder={t('conditions.value')}
    />
  );
}
