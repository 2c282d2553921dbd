import { Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const WRITE_BACK = ['healthScore', 'renewalProbability', 'csmOwner'] as const;
export type WriteBackValues = { [K in (typeof WRITE_BACK)[number]]?: string | null };

/** An empty field name means "not written back". */
export function writeBackFields(values: WriteBackValues | undefined) {
  return Object.fromEntries(WRITE_BACK.map((key) => [key, values?.[key]?.trim() || null])) as Record<
    (typeof WRITE_BACK)[number],
    string | null
  >;
}

/** The interval a CRM's won deals are billed in. */
export function IntervalField({ vendor, help }: { vendor: string; help: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name="interval" label={t('hubspot.interval')} extra={help}>
      <Select
        style={{ width: 140 }}
        data-testid={`${vendor}-interval`}
        options={(['month', 'quarter', 'year'] as const).map((v) => ({ value: v, label: t(`hubspot.intervals.${v}`) }))}
      />
    </Form.Item>
  );
}

/** The CRM fields Tenure writes its scores to, each opt-in (docs/connectors.md). */
export function WriteBackFieldset({ vendor, title, help }: { vendor: string; title: string; help: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>
      {WRITE_BACK.map((key) => (
        <Form.Item key={key} name={['writeBack', key]} label={t(`hubspot.writeBackFields.${key}`)}>
          <Input placeholder={t('hubspot.writeBackOff')} data-testid={`${vendor}-write-${key}`} />
        </Form.Item>
      ))}
    </>
  );
}
