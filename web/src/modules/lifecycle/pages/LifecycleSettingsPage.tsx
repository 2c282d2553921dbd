import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { LifecycleDurations, LifecycleSettings } from '@shared/lifecycle';
import { Alert, App, Button, Card, Empty, Form, InputNumber, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useSegments } from '../../segments/hooks/useSegments';
import { useLifecycleSettings, useRunLifecycle, useSaveLifecycleSettings } from '../hooks/useLifecycle';

const DURATIONS: { key: keyof LifecycleDurations; min: number; max: number }[] = [
  { key: 'onboardingDays', min: 1, max: 730 },
  { key: 'adoptionEndDays', min: 1, max: 3650 },
  { key: 'renewalDays', min: 1, max: 365 },
  { key: 'renewedDays', min: 0, max: 365 },
];

/** Settings → Lifecycle: how long each stage lasts, by default and per segment (the first listed segment an account is in wins). */
export function LifecycleSettingsPage() {
  const { t } = useTranslation();
  const settings = useLifecycleSettings();
  const segments = useSegments();
  return (
    <>
      <PageHeader title={t('lifecycle.settings.title')} subtitle={t('lifecycle.settings.subtitle')} />
      {settings.isPending || segments.isPending ? (
        <Skeleton active />
      ) : settings.isError ? (
        <QueryError error={settings.error} onRetry={() => void settings.refetch()} />
      ) : segments.isError ? (
        <QueryError error={segments.error} onRetry={() => void segments.refetch()} />
      ) : (
        <SettingsForm value={settings.data} segments={segments.data.map((s) => ({ value: s.id, label: s.name }))} />
      )}
    </>
  );
}

function SettingsForm({ value, segments }: { value: LifecycleSettings; segments: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LifecycleSettings>();
  const save = useSaveLifecycleSettings();
  const recompute = useRunLifecycle();
  const [error, setError] = useState<string>();
  // A row whose segment was deleted since cannot be saved again: it is left out, and said so.
  const known = new Set(segments.map((s) => s.value));
  const rows = value.segments.filter((s) => known.has(s.segmentId));
  const dropped = value.segments.length - rows.length;

  const submit = async () => {
    setError(undefined);
    const v = await form.validateFields();
    save.mutate(
      { defaults: v.defaults, segments: v.segments ?? [] },
      {
        onSuccess: () => void message.success(t('lifecycle.settings.saved')),
        onError: (e) => setError(applyServerErrors(form, e)),
      },
    );
  };
  const run = () =>
    recompute.mutate(undefined, {
      onSuccess: (r) => void message.success(t('lifecycle.settings.ran', { count: r.changed.length })),
      onError: (e) => void message.error(errorMessage(e)),
    });

  const numbers = (prefix: (string | number)[]) =>
    DURATIONS.map((d) => (
      <Form.Item
        key={d.key}
        name={[...prefix, d.key]}
        label={t(`lifecycle.settings.${d.key}`)}
        rules={[{ required: true, message: t('lifecycle.settings.required') }]}
      >
        <InputNumber
          min={d.min}
          max={d.max}
          addonAfter={t('lifecycle.settings.days')}
          style={{ width: 150 }}
          data-testid={`lifecycle-${d.key}`}
        />
      </Form.Item>
    ));

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ defaults: value.defaults, segments: rows }}
      data-testid="lifecycle-settings"
    >
      <Card title={t('lifecycle.settings.defaults')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('lifecycle.settings.defaultsHelp')}</Typography.Paragraph>
        <Space wrap size="large" data-testid="lifecycle-defaults">
          {numbers(['defaults'])}
        </Space>
      </Card>
      <Card title={t('lifecycle.settings.bySegment')}>
        <Typography.Paragraph type="secondary">{t('lifecycle.settings.bySegmentHelp')}</Typography.Paragraph>
        {dropped ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('lifecycle.settings.dropped', { count: dropped })}
          />
        ) : null}
        <Form.List name="segments">
          {(items, { add, remove, move }) => (
            <>
              {items.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lifecycle.settings.noSegments')} />
              ) : null}
              {items.map((item, index) => (
                <Space
                  key={item.key}
                  align="end"
                  wrap
                  style={{ display: 'flex', marginBottom: 8 }}
                  data-testid="lifecycle-segment-row"
                >
                  <Form.Item
                    name={[item.name, 'segmentId']}
                    label={t('lifecycle.settings.segment')}
                    rules={[{ required: true, message: t('lifecycle.settings.required') }]}
                  >
                    <Select
                      options={segments}
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 220 }}
                      placeholder={t('lifecycle.settings.segment')}
                      data-testid="lifecycle-segment"
                    />
                  </Form.Item>
                  {numbers([item.name])}
                  <Form.Item>
                    <Space>
                      <Button
                        icon={<ArrowUpOutlined />}
                        disabled={index === 0}
                        onClick={() => move(index, index - 1)}
                        aria-label={t('lifecycle.settings.up')}
                      />
                      <Button
                        icon={<ArrowDownOutlined />}
                        disabled={index === items.length - 1}
                        onClick={() => move(index, index + 1)}
                        aria-label={t('lifecycle.settings.down')}
                      />
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(item.name)}
                        aria-label={t('common.delete')}
                      />
                    </Space>
                  </Form.Item>
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                disabled={!segments.length}
                onClick={() => add({ ...form.getFieldValue('defaults') })}
                data-testid="lifecycle-add-segment"
              >
                {segments.length ? t('lifecycle.settings.addSegment') : t('lifecycle.settings.noSegmentsYet')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      {error ? (
        <Typography.Paragraph type="danger" style={{ marginTop: 12 }}>
          {error}
        </Typography.Paragraph>
      ) : null}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="lifecycle-save">
          {t('common.save')}
        </Button>
        <Button loading={recompute.isPending} onClick={run} data-testid="lifecycle-run">
          {t('lifecycle.settings.run')}
        </Button>
      </Space>
    </Form>
  );
}
