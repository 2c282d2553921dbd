import {
  COMPARATORS,
  METRIC_KINDS,
  type PlanTemplate,
  type TemplateInput,
  type ValuePoint,
  type ValuePointInput,
} from '@shared/successplans';
import { Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { useSegments } from '../../segments/hooks/useSegments';
import { useEventsConfig } from '../../usage/hooks/useUsage';
import { pointName } from '../components/ValueNeedsCard';
import {
  useDeleteTemplate,
  useDeleteValuePoint,
  usePlanTemplates,
  useSaveTemplate,
  useSaveValuePoint,
  useValuePoints,
} from '../hooks/useSuccessPlans';

/**
 * Settings → Success plans (`/settings/success-plans`, managers and admins; docs/success-plans.md): the value
 * proposition catalogue (value points in both languages, mapped to product modules and services) and the
 * objective templates per segment.
 */
export function SuccessPlanSettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('successPlans.settings.title')} subtitle={t('successPlans.settings.subtitle')} />
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <ValuePointsCard />
        <TemplatesCard />
      </Space>
    </>
  );
}

function ValuePointsCard() {
  const { t, i18n } = useTranslation();
  const points = useValuePoints();
  const save = useSaveValuePoint();
  const remove = useDeleteValuePoint();
  const modules = useEventsConfig();
  const [editing, setEditing] = useState<ValuePoint | 'new' | null>(null);
  const [form] = Form.useForm<ValuePointInput>();
  const open = (p: ValuePoint | 'new') => {
    setEditing(p);
    form.resetFields();
    if (p !== 'new') form.setFieldsValue(p);
    else form.setFieldsValue({ modules: [], services: [], active: true });
  };
  const submit = async () => {
    const v = await form.validateFields();
    save.mutate(
      {
        id: editing && editing !== 'new' ? editing.id : null,
        body: { ...v, modules: v.modules ?? [], services: v.services ?? [] },
      },
      { onSuccess: () => setEditing(null) },
    );
  };
  if (points.isError) return <QueryError error={points.error} onRetry={() => void points.refetch()} />;
  return (
    <Card
      title={t('successPlans.settings.valuePoints')}
      extra={
        <Button type="primary" onClick={() => open('new')} data-testid="value-point-add">
          {t('successPlans.settings.addValuePoint')}
        </Button>
      }
    >
      <Table
        rowKey="id"
        size="small"
        loading={points.isPending}
        dataSource={points.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('successPlans.settings.name'), render: (_, p) => pointName(p, i18n.language) },
          {
            title: t('successPlans.settings.modules'),
            render: (_, p) => p.modules.map((m) => <Tag key={m}>{m}</Tag>),
          },
          { title: t('successPlans.settings.services'), render: (_, p) => p.services.join(', ') },
          {
            title: t('successPlans.settings.active'),
            render: (_, p) => (p.active ? <Tag color="green">{t('successPlans.settings.active')}</Tag> : '—'),
          },
          {
            title: '',
            render: (_, p) => (
              <Space>
                <Button size="small" onClick={() => open(p)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('successPlans.deleteConfirm')} onConfirm={() => remove.mutate(p.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={t('successPlans.settings.valuePoint')}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="nameZh"
            label={t('successPlans.settings.nameZh')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('successPlans.settings.nameEn')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="descriptionZh" label={t('successPlans.settings.descriptionZh')}>
            <Input.TextArea autoSize />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t('successPlans.settings.descriptionEn')}>
            <Input.TextArea autoSize />
          </Form.Item>
          <Form.Item name="modules" label={t('successPlans.settings.modules')}>
            <Select
              mode="multiple"
              options={(modules.data?.modules ?? []).map((m) => ({ value: m.key, label: m.name }))}
            />
          </Form.Item>
          <Form.Item name="services" label={t('successPlans.settings.services')}>
            <Select mode="tags" open={false} />
          </Form.Item>
          <Form.Item name="active" label={t('successPlans.settings.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function TemplatesCard() {
  const { t, i18n } = useTranslation();
  const templates = usePlanTemplates();
  const points = useValuePoints();
  const segments = useSegments();
  const save = useSaveTemplate();
  const remove = useDeleteTemplate();
  const kindOptions = useEnumOptions('successPlans.metric', METRIC_KINDS);
  const [editing, setEditing] = useState<PlanTemplate | 'new' | null>(null);
  const [form] = Form.useForm<TemplateInput>();
  const open = (tp: PlanTemplate | 'new') => {
    setEditing(tp);
    form.resetFields();
    form.setFieldsValue(
      tp === 'new'
        ? { name: '', segmentId: null, objectives: [{ title: '' }] }
        : {
            name: tp.name,
            segmentId: tp.segment?.id ?? null,
            objectives: tp.objectives as TemplateInput['objectives'],
          },
    );
  };
  const submit = async () => {
    const v = await form.validateFields();
    const objectives = (v.objectives ?? []).map((o) => ({
      ...o,
      target: o.target?.kind
        ? { ...o.target, comparator: o.target.comparator ?? '>=', value: o.target.value ?? 0 }
        : null,
    }));
    save.mutate(
      { id: editing && editing !== 'new' ? editing.id : null, body: { ...v, objectives } },
      { onSuccess: () => setEditing(null) },
    );
  };
  if (templates.isError) return <QueryError error={templates.error} onRetry={() => void templates.refetch()} />;
  return (
    <Card
      title={t('successPlans.settings.templates')}
      extra={
        <Button type="primary" onClick={() => open('new')}>
          {t('successPlans.settings.addTemplate')}
        </Button>
      }
    >
      <Table
        rowKey="id"
        size="small"
        loading={templates.isPending}
        dataSource={templates.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('successPlans.settings.name'), dataIndex: 'name' },
          { title: t('successPlans.settings.segment'), render: (_, tp) => tp.segment?.name ?? '—' },
          {
            title: t('successPlans.settings.objectives'),
            render: (_, tp) => tp.objectives.map((o) => o.title).join(' · '),
          },
          {
            title: '',
            render: (_, tp) => (
              <Space>
                <Button size="small" onClick={() => open(tp)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('successPlans.deleteConfirm')} onConfirm={() => remove.mutate(tp.id)}>
                  <Button size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        width={860}
        title={t('successPlans.settings.template')}
        onCancel={() => setEditing(null)}
        onOk={() => void submit()}
        confirmLoading={save.isPending}
        okText={t('common.save')}
      >
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item
              name="name"
              label={t('successPlans.settings.name')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input style={{ minWidth: 240 }} />
            </Form.Item>
            <Form.Item name="segmentId" label={t('successPlans.settings.segment')}>
              <Select
                allowClear
                style={{ minWidth: 200 }}
                options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          </Space>
          <Form.List name="objectives">
            {(fields, { add, remove: drop }) => (
              <>
                {fields.map((field) => (
                  <Card size="small" key={field.key} style={{ marginBottom: 8 }}>
                    <Space wrap align="start">
                      <Form.Item
                        name={[field.name, 'title']}
                        label={t('successPlans.fields.title')}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input style={{ minWidth: 220 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'valuePointId']} label={t('successPlans.fields.valuePoint')}>
                        <Select
                          allowClear
                          style={{ minWidth: 180 }}
                          options={(points.data ?? []).map((p) => ({
                            value: p.id,
                            label: pointName(p, i18n.language),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'dueInDays']} label={t('successPlans.settings.dueInDays')}>
                        <InputNumber min={0} max={3650} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'target', 'kind']} label={t('successPlans.fields.metric')}>
                        <Select allowClear style={{ minWidth: 180 }} options={kindOptions} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'target', 'key']} label={t('successPlans.settings.metricKey')}>
                        <Input style={{ width: 140 }} placeholder={t('successPlans.settings.metricKeyHint')} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'target', 'comparator']}
                        label={t('successPlans.fields.comparator')}
                      >
                        <Select
                          style={{ minWidth: 80 }}
                          options={COMPARATORS.map((c) => ({ value: c, label: c === '>=' ? '≥' : '≤' }))}
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'target', 'value']} label={t('successPlans.fields.target')}>
                        <InputNumber min={0} />
                      </Form.Item>
                      <Button danger type="link" onClick={() => drop(field.name)}>
                        {t('common.delete')}
                      </Button>
                    </Space>
                  </Card>
                ))}
                <Button onClick={() => add({ title: '' })}>{t('successPlans.addObjective')}</Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}
