import { DeleteOutlined } from '@ant-design/icons';
import { CONTACT_ROLES } from '@shared/accounts';
import { JOURNEY_RECIPIENTS } from '@shared/journeys';
import { Alert, Button, Card, Form, Input, InputNumber, Popconfirm, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DraftStep } from '../flow';
import type { SummaryLookups } from '../summary';
import { KIND_ICONS } from './canvas/kindIcons';
import { RuleSetField } from './RuleSetField';
import { Field } from './StepFields';
import { WaitFields } from './WaitFields';

/** The fields each kind's form shows; other issues of the step (its links, the step itself) go on top. */
const FORM_FIELDS: Record<DraftStep['kind'], string[]> = {
  send: ['label', 'templateId', 'recipients', 'recipientRole'],
  survey: ['label', 'surveyId', 'recipients', 'recipientRole'],
  wait: ['label', 'mode', 'minutes', 'event', 'rules', 'timeoutMinutes'],
  branch: ['label', 'rules'],
  cta: ['label', 'title', 'priority', 'dueInDays'],
  update_field: ['label', 'target', 'key', 'value'],
  segment: ['label', 'action', 'segmentId'],
  exit: ['label'],
};

interface Props {
  step: DraftStep;
  issues: Record<string, string[]> | undefined;
  canEdit: boolean;
  canDelete: boolean;
  lookups: SummaryLookups;
  onChange: (step: DraftStep) => void;
  onDelete: () => void;
  onClose: () => void;
  /** The journey's scope: an account journey's sends choose which of its contacts they reach. */
  scope?: 'account' | 'contact';
}

/** The side panel for the selected step: its kind's form, and deleting it (its predecessor is reconnected). */
export function StepPanel({ step, issues, canEdit, canDelete, lookups, onChange, onDelete, onClose, scope }: Props) {
  const { t } = useTranslation();
  const elsewhere = Object.entries(issues ?? {})
    .filter(([field]) => !FORM_FIELDS[step.kind].includes(field))
    .flatMap(([, messages]) => messages);
  return (
    <Card
      size="small"
      title={
        <Space>
          {KIND_ICONS[step.kind]}
          {t(`journeys.kinds.${step.kind}`)}
        </Space>
      }
      extra={
        <Space>
          {canEdit ? (
            <Popconfirm title={t('journeys.deleteStepConfirm')} onConfirm={onDelete} disabled={!canDelete}>
              <Button size="small" danger icon={<DeleteOutlined />} disabled={!canDelete} data-testid="step-delete">
                {t('journeys.deleteStep')}
              </Button>
            </Popconfirm>
          ) : null}
          <Button size="small" onClick={onClose}>
            {t('journeys.close')}
          </Button>
        </Space>
      }
      data-testid="step-panel"
    >
      {elsewhere.length ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={elsewhere.join(' ')} />
      ) : null}
      <Form layout="vertical" disabled={!canEdit} component="div">
        <Field label={t('journeys.form.label')} issues={issues} name="label">
          <Input
            value={step.label ?? ''}
            placeholder={t(`journeys.kinds.${step.kind}`)}
            maxLength={120}
            onChange={(e) => onChange({ ...step, label: e.target.value || undefined })}
            data-testid="step-label"
          />
        </Field>
        <KindFields step={step} issues={issues} lookups={lookups} onChange={onChange} />
        {(step.kind === 'send' || step.kind === 'survey') && scope !== 'contact' ? (
          <RecipientsFields step={step} issues={issues} onChange={onChange} />
        ) : null}
      </Form>
    </Card>
  );
}

type SendingStep = Extract<DraftStep, { kind: 'send' | 'survey' }>;

/** Whom an account journey's send or survey reaches at each account: all contacts, the primary one, or a role. */
function RecipientsFields({
  step,
  issues,
  onChange,
}: {
  step: SendingStep;
  issues: Props['issues'];
  onChange: (step: DraftStep) => void;
}) {
  const { t } = useTranslation();
  const recipients = step.recipients ?? 'all';
  return (
    <>
      <Field label={t('journeys.form.recipients')} issues={issues} name="recipients">
        <Select
          value={recipients}
          onChange={(value: NonNullable<SendingStep['recipients']>) =>
            onChange({
              ...step,
              recipients: value === 'all' ? undefined : value,
              recipientRole: value === 'role' ? step.recipientRole : undefined,
            })
          }
          options={JOURNEY_RECIPIENTS.map((v) => ({ value: v, label: t(`journeys.recipients.${v}`) }))}
          data-testid="step-recipients"
        />
      </Field>
      {recipients === 'role' ? (
        <Field label={t('journeys.form.recipientRole')} issues={issues} name="recipientRole">
          <Select
            value={step.recipientRole}
            onChange={(recipientRole: SendingStep['recipientRole']) => onChange({ ...step, recipientRole })}
            options={CONTACT_ROLES.map((v) => ({ value: v, label: t(`contactRoles.${v}`) }))}
            placeholder={t('journeys.form.pickRole')}
            data-testid="step-recipient-role"
          />
        </Field>
      ) : null}
    </>
  );
}

function KindFields({ step, issues, lookups, onChange }: Pick<Props, 'step' | 'issues' | 'lookups' | 'onChange'>) {
  const { t } = useTranslation();
  switch (step.kind) {
    case 'send':
      return (
        <Field label={t('journeys.form.template')} issues={issues} name="templateId">
          <Select
            value={step.templateId || undefined}
            onChange={(templateId: string) => onChange({ ...step, templateId })}
            showSearch
            optionFilterProp="label"
            placeholder={t('journeys.form.pickTemplate')}
            options={[...lookups.templates].map(([id, tpl]) => ({
              value: id,
              label: `${tpl.name} · ${t(`messaging.channels.${tpl.channel}`)}`,
            }))}
            data-testid="step-template"
          />
        </Field>
      );
    case 'survey':
      return (
        <Field label={t('journeys.form.survey')} issues={issues} name="surveyId" extra={t('journeys.form.surveyHint')}>
          <Select
            value={step.surveyId || undefined}
            onChange={(surveyId: string) => onChange({ ...step, surveyId })}
            showSearch
            optionFilterProp="label"
            placeholder={t('journeys.form.pickSurvey')}
            options={[...lookups.surveys].map(([id, name]) => ({ value: id, label: name }))}
            data-testid="step-survey"
          />
        </Field>
      );
    case 'wait':
      return <WaitFields step={step} issues={issues} onChange={onChange} />;
    case 'branch':
      return (
        <Field label={t('journeys.form.branchIf')} issues={issues} name="rules">
          <RuleSetField
            key={step.id}
            value={step.rules}
            onChange={(rules) => onChange({ ...step, rules: rules as typeof step.rules })}
          />
        </Field>
      );
    case 'cta':
      return (
        <>
          <Field label={t('journeys.form.ctaTitle')} issues={issues} name="title">
            <Input
              value={step.title}
              maxLength={200}
              onChange={(e) => onChange({ ...step, title: e.target.value })}
              data-testid="step-cta-title"
            />
          </Field>
          <Field label={t('journeys.form.priority')} issues={issues} name="priority">
            <Select
              value={step.priority ?? 'medium'}
              onChange={(priority) => onChange({ ...step, priority })}
              options={(['low', 'medium', 'high', 'urgent'] as const).map((p) => ({
                value: p,
                label: t(`journeys.priorities.${p}`),
              }))}
            />
          </Field>
          <Field label={t('journeys.form.dueInDays')} issues={issues} name="dueInDays">
            <InputNumber
              min={0}
              max={365}
              precision={0}
              value={step.dueInDays ?? 3}
              onChange={(d) => onChange({ ...step, dueInDays: d ?? 0 })}
            />
          </Field>
        </>
      );
    case 'update_field':
      return (
        <>
          <Field label={t('journeys.form.target')} issues={issues} name="target">
            <Radio.Group
              value={step.target ?? 'account'}
              onChange={(e) => onChange({ ...step, target: e.target.value })}
              options={(['account', 'contact'] as const).map((v) => ({ value: v, label: t(`journeys.scopes.${v}`) }))}
            />
          </Field>
          <Field label={t('journeys.form.key')} issues={issues} name="key" extra={t('journeys.form.keyHint')}>
            <Input value={step.key} onChange={(e) => onChange({ ...step, key: e.target.value })} />
          </Field>
          <Field label={t('journeys.form.value')} issues={issues} name="value">
            <Input
              value={step.value === null || step.value === undefined ? '' : String(step.value)}
              onChange={(e) => onChange({ ...step, value: e.target.value })}
            />
          </Field>
        </>
      );
    case 'segment':
      return (
        <>
          <Field label={t('journeys.form.segmentAction')} issues={issues} name="action">
            <Radio.Group
              value={step.action}
              onChange={(e) => onChange({ ...step, action: e.target.value })}
              options={(['add', 'remove'] as const).map((v) => ({
                value: v,
                label: t(`journeys.segmentActions.${v}`),
              }))}
            />
          </Field>
          <Field label={t('journeys.form.segment')} issues={issues} name="segmentId">
            <Select
              value={step.segmentId || undefined}
              onChange={(segmentId: string) => onChange({ ...step, segmentId })}
              showSearch
              optionFilterProp="label"
              options={[...lookups.segments].map(([value, label]) => ({ value, label }))}
              data-testid="step-segment"
            />
          </Field>
        </>
      );
    case 'exit':
      return null;
  }
}
