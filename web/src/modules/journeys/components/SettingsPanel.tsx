import { Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Switch, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { DraftDefinition } from '../flow';
import { RuleSetField } from './RuleSetField';
import { Field } from './StepFields';

export interface JourneyDraft {
  name: string;
  description: string;
  definition: DraftDefinition;
}

type Entry = DraftDefinition['entry'];
const SHOWN = ['name', 'description', 'scope', 'entry', 'exitWhen', 'reentry', 'reentryDays', 'quietHours'];
const time = (hhmm: string) => dayjs(`2000-01-01T${hhmm}:00`);

interface Props {
  draft: JourneyDraft;
  issues: Record<string, string[]>;
  canEdit: boolean;
  segments: Map<string, string>;
  onChange: (draft: JourneyDraft) => void;
  onClose: () => void;
}

/** The journey's own settings: name, scope, how people enter and leave, re-entry, quiet hours. */
export function SettingsPanel({ draft, issues, canEdit, segments, onChange, onClose }: Props) {
  const { t } = useTranslation();
  const def = draft.definition;
  const setDef = (patch: Partial<DraftDefinition>) => onChange({ ...draft, definition: { ...def, ...patch } });
  const setEntry = (kind: Entry['kind']) =>
    setDef({
      entry: kind === 'segment' ? { kind, segmentId: '' } : kind === 'event' ? { kind, event: '' } : { kind },
    });
  const elsewhere = Object.entries(issues)
    .filter(([field]) => !SHOWN.includes(field))
    .flatMap(([, m]) => m);
  return (
    <Card
      size="small"
      title={t('journeys.settings.title')}
      extra={
        <Button size="small" onClick={onClose}>
          {t('journeys.close')}
        </Button>
      }
      data-testid="settings-panel"
    >
      {elsewhere.length ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={elsewhere.join(' ')} />
      ) : null}
      <Form layout="vertical" disabled={!canEdit} component="div">
        <Field label={t('journeys.settings.name')} issues={issues} name="name">
          <Input
            value={draft.name}
            maxLength={200}
            onChange={(e) => onChange({ ...draft, name: e.target.value })}
            data-testid="journey-name"
          />
        </Field>
        <Field label={t('journeys.settings.description')} issues={issues} name="description">
          <Input.TextArea
            value={draft.description}
            rows={2}
            maxLength={2000}
            onChange={(e) => onChange({ ...draft, description: e.target.value })}
          />
        </Field>
        <Field label={t('journeys.settings.scope')} issues={issues} name="scope">
          <Radio.Group
            value={def.scope ?? 'account'}
            onChange={(e) => setDef({ scope: e.target.value })}
            options={(['account', 'contact'] as const).map((v) => ({ value: v, label: t(`journeys.scopes.${v}`) }))}
          />
        </Field>
        <Field label={t('journeys.settings.entry')} issues={issues} name="entry">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group
              value={def.entry.kind}
              onChange={(e) => setEntry(e.target.value)}
              options={(['manual', 'segment', 'event'] as const).map((v) => ({
                value: v,
                label: t(`journeys.entryKinds.${v}`),
              }))}
              data-testid="journey-entry"
            />
            {def.entry.kind === 'segment' ? (
              <Select
                value={def.entry.segmentId || undefined}
                onChange={(segmentId: string) => setDef({ entry: { kind: 'segment', segmentId } })}
                placeholder={t('journeys.settings.pickSegment')}
                showSearch
                optionFilterProp="label"
                options={[...segments].map(([value, label]) => ({ value, label }))}
                data-testid="journey-entry-segment"
              />
            ) : null}
            {def.entry.kind === 'event' ? (
              <Input
                value={def.entry.event}
                placeholder={t('journeys.settings.eventName')}
                onChange={(e) => setDef({ entry: { kind: 'event', event: e.target.value } })}
                data-testid="journey-entry-event"
              />
            ) : null}
          </Space>
        </Field>
        <Field label={t('journeys.settings.exitWhen')} issues={issues} name="exitWhen">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Switch
              checked={Boolean(def.exitWhen)}
              onChange={(on) => setDef({ exitWhen: on ? { match: 'all', conditions: [] } : null })}
              data-testid="journey-exit-when"
            />
            {def.exitWhen ? (
              <RuleSetField
                value={def.exitWhen}
                onChange={(rules) => setDef({ exitWhen: rules as DraftDefinition['exitWhen'] })}
                disabled={!canEdit}
              />
            ) : null}
          </Space>
        </Field>
        <Field label={t('journeys.settings.reentry')} issues={issues} name="reentry">
          <Space wrap>
            <Select
              value={def.reentry ?? 'never'}
              onChange={(reentry) =>
                setDef({ reentry, reentryDays: reentry === 'after_days' ? (def.reentryDays ?? 30) : undefined })
              }
              options={(['never', 'after_exit', 'after_days'] as const).map((v) => ({
                value: v,
                label: t(`journeys.reentry.${v}`),
              }))}
              style={{ width: 200 }}
            />
            {def.reentry === 'after_days' ? (
              <InputNumber
                min={1}
                max={3650}
                precision={0}
                value={def.reentryDays}
                onChange={(d) => setDef({ reentryDays: d ?? undefined })}
                addonAfter={t('journeys.form.days')}
                status={issues.reentryDays ? 'error' : undefined}
              />
            ) : null}
          </Space>
        </Field>
        <Field
          label={t('journeys.settings.quietHours')}
          issues={issues}
          name="quietHours"
          extra={t('journeys.settings.quietHint')}
        >
          <Space wrap>
            <Switch
              checked={Boolean(def.quietHours)}
              onChange={(on) => setDef({ quietHours: on ? { start: '21:00', end: '08:00' } : null })}
            />
            {def.quietHours ? (
              <TimePicker.RangePicker
                format="HH:mm"
                order={false}
                allowClear={false}
                value={[time(def.quietHours.start), time(def.quietHours.end)]}
                onChange={(range) => {
                  if (range?.[0] && range[1])
                    setDef({ quietHours: { start: range[0].format('HH:mm'), end: range[1].format('HH:mm') } });
                }}
              />
            ) : null}
          </Space>
        </Field>
      </Form>
    </Card>
  );
}
