import {
  COMPARATORS,
  METRIC_KINDS,
  type MetricKind,
  type Objective,
  type ObjectiveInput,
  OBJECTIVE_STATUSES,
} from '@shared/successplans';
import { DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnumOptions, useOwnerOptions } from '../../../hooks/useOptions';
import { useAttributeKeys } from '../../attributes/hooks/useAttributes';
import { useEventsConfig } from '../../usage/hooks/useUsage';
import { useCreateObjective, useUpdateObjective, useValuePoints } from '../hooks/useSuccessPlans';
import { pointName } from './ValueNeedsCard';

interface Values {
  title: string;
  valuePointId?: string | null;
  neededOutcome?: string | null;
  ownerId?: string | null;
  dueOn?: Dayjs | null;
  status: Objective['status'];
  kind?: MetricKind | null;
  key?: string | null;
  comparator?: '>=' | '<=';
  value?: number | null;
}

/** Adds or edits an objective: what is needed, who owns it, by when, and the measurable target. */
export function ObjectiveModal({
  accountId,
  open,
  objective,
  preset,
  onClose,
}: {
  accountId: string;
  open: boolean;
  objective: Objective | null;
  /** A new objective from a mapped value point. */
  preset?: { title: string; valuePointId: string } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateObjective(accountId);
  const update = useUpdateObjective(accountId);
  const points = useValuePoints();
  const owners = useOwnerOptions();
  const modules = useEventsConfig();
  const attributes = useAttributeKeys();
  const statusOptions = useEnumOptions('successPlans.status', OBJECTIVE_STATUSES);
  const kindOptions = useEnumOptions('successPlans.metric', METRIC_KINDS);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      objective
        ? {
            title: objective.title,
            valuePointId: objective.valuePointId,
            neededOutcome: objective.neededOutcome,
            ownerId: objective.owner?.id ?? null,
            dueOn: objective.dueOn ? dayjs(objective.dueOn) : null,
            status: objective.status,
            kind: objective.target?.kind ?? null,
            key: objective.target?.key ?? null,
            comparator: objective.target?.comparator ?? '>=',
            value: objective.target?.value ?? null,
          }
        : {
            title: preset?.title ?? '',
            valuePointId: preset?.valuePointId ?? null,
            status: 'not_started',
            comparator: '>=',
          },
    );
  }, [open, objective, preset, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: ObjectiveInput = {
      title: v.title,
      valuePointId: v.valuePointId ?? null,
      neededOutcome: v.neededOutcome || null,
      ownerId: v.ownerId ?? null,
      dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null,
      status: v.status,
      target: v.kind
        ? {
            kind: v.kind,
            key: v.kind === 'module_usage' || v.kind === 'attribute' ? (v.key ?? null) : null,
            comparator: v.comparator ?? '>=',
            value: v.value ?? 0,
          }
        : null,
    };
    const options = { onSuccess: onClose };
    if (objective) update.mutate({ id: objective.id, body }, options);
    else create.mutate(body, options);
  };

  return (
    <Modal
      open={open}
      title={objective ? t('successPlans.editObjective') : t('successPlans.addObjective')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ 'data-testid': 'objective-save' } as Record<string, string>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="objective-form">
        <Form.Item name="title" label={t('successPlans.fields.title')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="objective-title" />
        </Form.Item>
        <Form.Item name="valuePointId" label={t('successPlans.fields.valuePoint')}>
          <Select
            allowClear
            options={(points.data ?? []).map((p) => ({ value: p.id, label: pointName(p, i18n.language) }))}
          />
        </Form.Item>
        <Form.Item name="neededOutcome" label={t('successPlans.fields.neededOutcome')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="ownerId" label={t('successPlans.fields.owner')}>
            <Select allowClear style={{ minWidth: 180 }} options={owners} showSearch optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="dueOn" label={t('successPlans.fields.dueOn')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="status" label={t('successPlans.fields.status')}>
            <Select style={{ minWidth: 140 }} options={statusOptions} data-testid="objective-status" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="kind" label={t('successPlans.fields.metric')}>
            <Select allowClear style={{ minWidth: 200 }} options={kindOptions} data-testid="objective-metric" />
          </Form.Item>
          {kind === 'module_usage' ? (
            <Form.Item name="key" label={t('successPlans.fields.module')} rules={[{ required: true }]}>
              <Select
                style={{ minWidth: 160 }}
                data-testid="objective-module"
                options={(modules.data?.modules ?? []).map((m) => ({ value: m.key, label: m.name }))}
              />
            </Form.Item>
          ) : null}
          {kind === 'attribute' ? (
            <Form.Item name="key" label={t('successPlans.fields.attribute')} rules={[{ required: true }]}>
              <Select
                style={{ minWidth: 160 }}
                showSearch
                options={(attributes.data ?? [])
                  .filter((a) => a.type === 'number')
                  .map((a) => ({ value: a.key, label: a.key }))}
              />
            </Form.Item>
          ) : null}
          {kind ? (
            <>
              <Form.Item name="comparator" label={t('successPlans.fields.comparator')}>
                <Select
                  style={{ minWidth: 90 }}
                  options={COMPARATORS.map((c) => ({ value: c, label: c === '>=' ? '≥' : '≤' }))}
                />
              </Form.Item>
              <Form.Item name="value" label={t('successPlans.fields.target')} rules={[{ required: true }]}>
                <InputNumber min={0} data-testid="objective-target" />
              </Form.Item>
            </>
          ) : null}
        </Space>
      </Form>
    </Modal>
  );
}
