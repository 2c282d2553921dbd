import { Form, Input, InputNumber, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type DraftStep, joinMinutes, splitMinutes } from '../flow';
import { RuleSetField } from './RuleSetField';
import { Field } from './StepFields';

type WaitStep = Extract<DraftStep, { kind: 'wait' }>;

/** Days, hours and minutes, kept as minutes. */
export function DurationInput({
  value,
  onChange,
  testid,
}: {
  value: number | undefined;
  onChange: (minutes: number) => void;
  testid: string;
}) {
  const { t } = useTranslation();
  const parts = splitMinutes(value);
  const part = (key: keyof typeof parts, max: number) => (
    <InputNumber
      min={0}
      max={max}
      precision={0}
      value={parts[key]}
      onChange={(v) => onChange(joinMinutes({ ...parts, [key]: v ?? 0 }))}
      addonAfter={t(`journeys.form.${key}`)}
      style={{ width: 110 }}
      data-testid={`${testid}-${key}`}
    />
  );
  return (
    <Space wrap size={4}>
      {part('days', 365)}
      {part('hours', 23)}
      {part('minutes', 59)}
    </Space>
  );
}

/** The step in another mode, keeping only that mode's fields (a timeout, with its path, for event and condition). */
function withMode(step: WaitStep, mode: WaitStep['mode']): WaitStep {
  const { id, label, position, next } = step;
  if (mode === 'duration') return { id, label, position, kind: 'wait', mode, minutes: step.minutes ?? 1440, next };
  const timeout = { timeoutMinutes: step.timeoutMinutes ?? 3 * 1440, timeoutNext: step.timeoutNext ?? null };
  if (mode === 'event') return { id, label, position, kind: 'wait', mode, event: step.event ?? '', next, ...timeout };
  const rules = step.rules ?? { match: 'all' as const, conditions: [] };
  return { id, label, position, kind: 'wait', mode, rules, next, ...timeout };
}

export function WaitFields({
  step,
  issues,
  onChange,
}: {
  step: WaitStep;
  issues: Record<string, string[]> | undefined;
  onChange: (step: WaitStep) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={t('journeys.form.waitMode')}>
        <Radio.Group
          value={step.mode}
          onChange={(e) => onChange(withMode(step, e.target.value))}
          options={(['duration', 'event', 'condition'] as const).map((m) => ({
            value: m,
            label: t(`journeys.waitModes.${m}`),
          }))}
          data-testid="wait-mode"
        />
      </Form.Item>
      {step.mode === 'duration' ? (
        <Field label={t('journeys.form.waitFor')} issues={issues} name="minutes">
          <DurationInput value={step.minutes} onChange={(minutes) => onChange({ ...step, minutes })} testid="wait" />
        </Field>
      ) : null}
      {step.mode === 'event' ? (
        <Field label={t('journeys.form.event')} issues={issues} name="event" extra={t('journeys.form.eventHint')}>
          <Input
            value={step.event ?? ''}
            onChange={(e) => onChange({ ...step, event: e.target.value })}
            data-testid="wait-event"
          />
        </Field>
      ) : null}
      {step.mode === 'condition' ? (
        <Field label={t('journeys.form.until')} issues={issues} name="rules">
          <RuleSetField
            key={step.id}
            value={step.rules}
            onChange={(rules) => onChange({ ...step, rules: rules as WaitStep['rules'] })}
          />
        </Field>
      ) : null}
      {step.mode !== 'duration' ? (
        // An event or a condition may never come: the wait needs a timeout, whose path the canvas shows.
        <Field label={t('journeys.form.timeout')} issues={issues} name="timeoutMinutes">
          <DurationInput
            value={step.timeoutMinutes}
            onChange={(timeoutMinutes) => onChange({ ...step, timeoutMinutes })}
            testid="wait-timeout"
          />
        </Field>
      ) : null}
    </>
  );
}
