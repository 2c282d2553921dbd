import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { BANT_KEYS, FIRMOGRAPHIC_FIELDS, FIT_GRADE_FLOORS, FIT_RULES, type FitCriterionInput } from '@shared/fit';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fitFieldLabel, shownBound, storedBound } from '../components/fitText';
import { type FitCriterion, useFitCriteria, useSaveFitCriteria } from '../hooks/useFit';

interface Row {
  field: string;
  attribute?: string;
  rule: FitCriterion['rule'];
  values: string[];
  min: number | null;
  max: number | null;
  points: number;
  label: string | null;
  active: boolean;
}
const ATTRIBUTE = 'attributes.';

/** Settings → ICP fit: the criteria every account is scored on (docs/fit-and-maturity.md). */
export function FitSettingsPage() {
  const { t } = useTranslation();
  const criteria = useFitCriteria();
  if (criteria.isPending) return <Skeleton active />;
  if (criteria.isError) return <QueryError error={criteria.error} onRetry={() => void criteria.refetch()} />;
  return (
    <>
      <PageHeader title={t('fit.settings.title')} subtitle={t('fit.settings.subtitle', FIT_GRADE_FLOORS)} />
      <CriteriaForm value={criteria.data.criteria} />
    </>
  );
}

function CriteriaForm({ value }: { value: FitCriterion[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ criteria: Row[] }>();
  const save = useSaveFitCriteria();
  const [error, setError] = useState<string>();
  const fieldOptions = [
    ...BANT_KEYS.map((k) => ({ value: `bant.${k}`, label: `BANT · ${t(`fit.bant.${k}`)}` })),
    ...FIRMOGRAPHIC_FIELDS.map((f) => ({ value: f, label: t(`fields.${f}`) })),
    { value: ATTRIBUTE, label: t('fit.settings.attribute') },
  ];
  const toRow = (c: FitCriterion): Row => {
    const isAttribute = c.field.startsWith(ATTRIBUTE);
    return {
      ...c,
      field: isAttribute ? ATTRIBUTE : c.field,
      attribute: isAttribute ? c.field.slice(ATTRIBUTE.length) : undefined,
      min: c.min === null ? null : shownBound(c.field, c.min),
      max: c.max === null ? null : shownBound(c.field, c.max),
    };
  };
  const submit = async () => {
    const v = await form.validateFields();
    const criteria: FitCriterionInput[] = (v.criteria ?? []).map((r) => {
      const field = r.field === ATTRIBUTE ? `${ATTRIBUTE}${(r.attribute ?? '').trim()}` : r.field;
      return {
        field,
        rule: r.rule,
        values: r.rule === 'one_of' || r.rule === 'contains' ? (r.values ?? []) : [],
        min: r.rule === 'range' && r.min !== null && r.min !== undefined ? storedBound(field, r.min) : null,
        max: r.rule === 'range' && r.max !== null && r.max !== undefined ? storedBound(field, r.max) : null,
        points: r.points,
        label: r.label?.trim() || null,
        active: !!r.active,
      };
    });
    setError(undefined);
    save.mutate(criteria, {
      onSuccess: () => void message.success(t('fit.settings.saved')),
      onError: (e) => setError(applyServerErrors(form, e, {})),
    });
  };
  return (
    <Form form={form} initialValues={{ criteria: value.map(toRow) }}>
      <Card>
        <Typography.Paragraph type="secondary">{t('fit.settings.help')}</Typography.Paragraph>
        <Form.List name="criteria">
          {(items, { add, remove }) => (
            <>
              {items.map((item) => (
                <Form.Item key={item.key} noStyle shouldUpdate>
                  {() => {
                    const row = form.getFieldValue(['criteria', item.name]) as Row | undefined;
                    const rule = row?.rule;
                    return (
                      <Space
                        align="baseline"
                        wrap
                        style={{ display: 'flex', marginBottom: 4 }}
                        data-testid="fit-criterion-row"
                      >
                        <Form.Item name={[item.name, 'field']} rules={[{ required: true }]}>
                          <Select style={{ width: 200 }} options={fieldOptions} aria-label={t('fit.settings.field')} />
                        </Form.Item>
                        {row?.field === ATTRIBUTE ? (
                          <Form.Item name={[item.name, 'attribute']} rules={[{ required: true }]}>
                            <Input placeholder={t('fit.settings.attributeKey')} style={{ width: 140 }} />
                          </Form.Item>
                        ) : null}
                        <Form.Item name={[item.name, 'rule']} rules={[{ required: true }]}>
                          <Select
                            style={{ width: 150 }}
                            aria-label={t('fit.settings.rule')}
                            options={FIT_RULES.map((r) => ({ value: r, label: t(`fit.rules.${r}`) }))}
                          />
                        </Form.Item>
                        {rule === 'one_of' || rule === 'contains' ? (
                          <Form.Item name={[item.name, 'values']} rules={[{ required: true }]}>
                            <Select
                              mode="tags"
                              style={{ width: 240 }}
                              placeholder={t('fit.settings.values')}
                              tokenSeparators={[',', ',']}
                              data-testid="fit-values"
                            />
                          </Form.Item>
                        ) : null}
                        {rule === 'range' ? (
                          <>
                            <Form.Item name={[item.name, 'min']}>
                              <InputNumber placeholder={t('fit.settings.min')} style={{ width: 110 }} />
                            </Form.Item>
                            <Form.Item name={[item.name, 'max']}>
                              <InputNumber placeholder={t('fit.settings.max')} style={{ width: 110 }} />
                            </Form.Item>
                          </>
                        ) : null}
                        <Form.Item name={[item.name, 'points']} rules={[{ required: true }]}>
                          <InputNumber
                            min={1}
                            max={100}
                            addonAfter={t('fit.settings.pointsUnit')}
                            style={{ width: 130 }}
                          />
                        </Form.Item>
                        <Form.Item name={[item.name, 'label']}>
                          <Input
                            placeholder={
                              row?.field
                                ? fitFieldLabel(
                                    t,
                                    row.field === ATTRIBUTE ? `${ATTRIBUTE}${row.attribute ?? ''}` : row.field,
                                  )
                                : t('fit.settings.label')
                            }
                            style={{ width: 180 }}
                          />
                        </Form.Item>
                        <Form.Item name={[item.name, 'active']} valuePropName="checked">
                          <Checkbox>{t('fit.settings.active')}</Checkbox>
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
                  }}
                </Form.Item>
              ))}
              <Button
                icon={<PlusOutlined />}
                data-testid="fit-add"
                onClick={() =>
                  add({
                    field: 'industry',
                    rule: 'one_of',
                    values: [],
                    min: null,
                    max: null,
                    points: 10,
                    label: null,
                    active: true,
                  })
                }
              >
                {t('fit.settings.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      {error ? <Typography.Paragraph type="danger">{error}</Typography.Paragraph> : null}
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        loading={save.isPending}
        onClick={() => void submit()}
        data-testid="fit-save"
      >
        {t('common.save')}
      </Button>
    </Form>
  );
}
