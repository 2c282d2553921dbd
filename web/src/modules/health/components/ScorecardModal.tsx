import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { MEASURE_TYPES, type ScorecardWire, type ScorecardInput } from '@shared/health';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useSegments } from '../../segments/hooks/useSegments';
import { useMeasureCatalogue, useSaveScorecard } from '../hooks/useHealth';

type Values = Omit<ScorecardInput, 'measures'> & {
  measures: { type: string; attributeKey?: string | null; weight: number; bad: number; good: number }[];
};

/** Create or edit a scorecard: colours, segments, and its measures with weights and thresholds. */
export function ScorecardModal({
  open,
  card,
  onClose,
}: {
  open: boolean;
  card: ScorecardWire | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveScorecard();
  const segments = useSegments();
  const catalogue = useMeasureCatalogue();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    form.setFieldsValue(
      card
        ? {
            ...card,
            measures: card.measures.map((m) => ({
              type: m.type,
              attributeKey: m.attributeKey,
              weight: m.weight,
              bad: m.bad,
              good: m.good,
            })),
          }
        : {
            name: '',
            redBelow: 40,
            greenFrom: 70,
            segmentIds: [],
            active: true,
            primary: false,
            measures: [{ type: 'active_users_per_seat', weight: 1, bad: 20, good: 70 }],
          },
    );
  }, [open, card, form]);

  const submit = (values: Values) =>
    save.mutate(
      {
        id: card?.id,
        input: {
          ...values,
          maxTenureDays: values.maxTenureDays ?? null,
          measures: values.measures.map((m) => ({
            ...m,
            attributeKey: m.type === 'custom_attribute' ? m.attributeKey : null,
          })),
        } as ScorecardInput,
      },
      { onSuccess: onClose, onError: (e) => setError(applyServerErrors(form, e)) },
    );
  const defaultsFor = (type: string) => catalogue.data?.find((c) => c.type === type);

  return (
    <Modal
      open={open}
      width={820}
      title={card ? t('health.editScorecard') : t('health.newScorecard')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'scorecard-save' } as Record<`data-${string}`, string>}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('health.name')} rules={[{ required: true, message: t('health.nameRequired') }]}>
          <Input maxLength={200} data-testid="scorecard-name" />
        </Form.Item>
        <Form.Item name="description" label={t('health.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="redBelow" label={t('health.redBelow')}>
            <InputNumber min={0} max={100} data-testid="scorecard-red" />
          </Form.Item>
          <Form.Item name="greenFrom" label={t('health.greenFrom')}>
            <InputNumber min={0} max={100} data-testid="scorecard-green" />
          </Form.Item>
          <Form.Item name="maxTenureDays" label={t('health.maxTenureDays')} tooltip={t('health.maxTenureTip')}>
            <InputNumber min={1} max={3650} />
          </Form.Item>
          {/* The primary card stays primary and active until another card is made primary (the server refuses too). */}
          <Form.Item
            name="active"
            label={t('health.active')}
            valuePropName="checked"
            extra={card?.primary ? t('health.primaryLocked') : undefined}
          >
            <Switch disabled={card?.primary} />
          </Form.Item>
          <Form.Item
            name="primary"
            label={t('health.primary')}
            valuePropName="checked"
            tooltip={t('health.primaryTip')}
          >
            <Switch disabled={card?.primary} />
          </Form.Item>
        </Space>
        <Form.Item name="segmentIds" label={t('health.segments')} tooltip={t('health.segmentsTip')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('health.allAccounts')}
            options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.List name="measures">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap data-testid="measure-row">
                  <Form.Item name={[field.name, 'type']} label={field.name === 0 ? t('health.measureCol') : undefined}>
                    <Select
                      style={{ width: 230 }}
                      options={MEASURE_TYPES.map((type) => ({ value: type, label: t(`health.measure.${type}`) }))}
                      onChange={(type: string) => {
                        const d = defaultsFor(type);
                        if (d)
                          form.setFieldValue(['measures', field.name], {
                            ...form.getFieldValue(['measures', field.name]),
                            type,
                            bad: d.bad,
                            good: d.good,
                          });
                      }}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['measures', field.name, 'type']) === 'custom_attribute' ? (
                        <Form.Item
                          name={[field.name, 'attributeKey']}
                          label={field.name === 0 ? t('health.attributeKey') : undefined}
                        >
                          <Input style={{ width: 120 }} placeholder={t('health.attributeKey')} />
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                  <Form.Item name={[field.name, 'weight']} label={field.name === 0 ? t('health.weight') : undefined}>
                    <InputNumber min={0} style={{ width: 80 }} data-testid="measure-weight" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'bad']}
                    label={field.name === 0 ? t('health.bad') : undefined}
                    tooltip={field.name === 0 ? t('health.thresholdTip') : undefined}
                  >
                    <InputNumber style={{ width: 90 }} data-testid="measure-bad" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'good']} label={field.name === 0 ? t('health.good') : undefined}>
                    <InputNumber style={{ width: 90 }} data-testid="measure-good" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('health.removeMeasure')} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ type: 'nps_latest', weight: 1, bad: 3, good: 9 })}
                data-testid="measure-add"
              >
                {t('health.addMeasure')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
