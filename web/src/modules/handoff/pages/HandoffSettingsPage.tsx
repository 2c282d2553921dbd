import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { HANDOFF_GROUPS, type HandoffSettings } from '@shared/handoff';
import { toMajorUnits, toMinorUnits } from '@shared/money';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useOrganisation } from '../../auth/hooks/useOrganisation';
import { useHandoffSettings, useSaveHandoffSettings } from '../hooks/useHandoff';

interface FormValues {
  fields: { key: string; label: string | null; group: HandoffSettings['fields'][number]['group']; required: boolean }[];
  dealSize: number;
  salesCycleDays: number;
  implementationDays: number;
}

/** Settings → Handoff: the checklist sales fills in, and the thresholds of the CS involvement rule (seed 000-11). */
export function HandoffSettingsPage() {
  const { t } = useTranslation();
  const settings = useHandoffSettings();
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <QueryError error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <>
      <PageHeader title={t('handoff.settings.title')} subtitle={t('handoff.settings.subtitle')} />
      <SettingsForm value={settings.data} />
    </>
  );
}

function SettingsForm({ value }: { value: HandoffSettings }) {
  const { t } = useTranslation();
  // The deal-size threshold is in the base currency.
  const base = useOrganisation().currency;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveHandoffSettings();
  const [error, setError] = useState<string>();
  const submit = async () => {
    const v = await form.validateFields();
    const next: HandoffSettings = {
      fields: v.fields.map((f) => ({ ...f, label: f.label?.trim() ? f.label.trim() : null, required: !!f.required })),
      thresholds: {
        dealSizeMinor: toMinorUnits(v.dealSize, base),
        salesCycleDays: v.salesCycleDays,
        implementationDays: v.implementationDays,
      },
    };
    save.mutate(next, {
      onSuccess: () => void message.success(t('handoff.settings.saved')),
      onError: (e) =>
        setError(
          applyServerErrors(form, e, {
            'thresholds.dealSizeMinor': 'dealSize',
            'thresholds.salesCycleDays': 'salesCycleDays',
            'thresholds.implementationDays': 'implementationDays',
          }),
        ),
    });
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{
        fields: value.fields,
        dealSize: toMajorUnits(value.thresholds.dealSizeMinor, base),
        salesCycleDays: value.thresholds.salesCycleDays,
        implementationDays: value.thresholds.implementationDays,
      }}
    >
      <Card title={t('handoff.settings.rule')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('handoff.settings.ruleHelp')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="dealSize" label={t('handoff.criteria.dealSize')} rules={[{ required: true }]}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="salesCycleDays" label={t('handoff.criteria.salesCycle')} rules={[{ required: true }]}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="implementationDays"
              label={t('handoff.criteria.implementation')}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('handoff.settings.checklist')}>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <>
              {items.map((item) => {
                const key = form.getFieldValue(['fields', item.name, 'key']) as string | undefined;
                return (
                  <Space key={item.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item
                      name={[item.name, 'key']}
                      rules={[{ required: true, pattern: /^[a-z][a-z0-9_]*$/, message: t('handoff.settings.keyRule') }]}
                    >
                      <Input placeholder={t('handoff.settings.key')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'label']}>
                      <Input
                        placeholder={
                          key
                            ? t(`handoff.fields.${key}`, { defaultValue: t('handoff.settings.label') })
                            : t('handoff.settings.label')
                        }
                        style={{ width: 240 }}
                      />
                    </Form.Item>
                    <Form.Item name={[item.name, 'group']} rules={[{ required: true }]}>
                      <Select
                        style={{ minWidth: 160 }}
                        options={HANDOFF_GROUPS.map((g) => ({ value: g, label: t(`handoff.groups.${g}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[item.name, 'required']} valuePropName="checked">
                      <Checkbox>{t('handoff.settings.required')}</Checkbox>
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(item.name)}
                      aria-label={t('common.delete')}
                    />
                  </Space>
                );
              })}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', label: '', group: 'basics', required: true })}
              >
                {t('handoff.settings.addField')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      {error ? <Typography.Paragraph type="danger">{error}</Typography.Paragraph> : null}
      <Button type="primary" style={{ marginTop: 16 }} loading={save.isPending} onClick={() => void submit()}>
        {t('common.save')}
      </Button>
    </Form>
  );
}
