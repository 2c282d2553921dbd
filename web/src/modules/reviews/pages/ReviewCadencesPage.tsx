import { TIERS } from '@shared/accounts';
import { DEFAULT_REVIEW_CADENCES, REVIEW_KINDS, type ReviewCadence, type ReviewKind } from '@shared/reviews';
import { Button, Card, Form, InputNumber, Radio, Skeleton, Switch, Table, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useReviewCadences, useSaveReviewCadences } from '../hooks/useReviews';

interface Row {
  tier: ReviewCadence['tier'];
  on: boolean;
  months: number | null;
  kind: ReviewKind;
}

/**
 * Settings → Business reviews (`/settings/reviews`, admins, as the API's PUT /api/review-cadences allows;
 * docs/business-reviews.md): how often each service tier has a business review, and which kind.
 */
export function ReviewCadencesPage() {
  const { t } = useTranslation();
  const cadences = useReviewCadences();
  if (cadences.isPending) return <Skeleton active />;
  if (cadences.isError) return <QueryError error={cadences.error} onRetry={() => void cadences.refetch()} />;
  return (
    <>
      <PageHeader title={t('reviews.settings.title')} subtitle={t('reviews.settings.subtitle')} />
      <CadenceForm value={cadences.data.items} />
    </>
  );
}

function CadenceForm({ value }: { value: ReviewCadence[] }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ items: Row[] }>();
  const save = useSaveReviewCadences();
  const [error, setError] = useState<string>();
  const every = (c: Pick<ReviewCadence, 'months' | 'kind'>) =>
    c.months ? t('reviews.every', { count: c.months, kind: t(`reviews.kind.${c.kind}`) }) : t('reviews.settings.none');
  // Every tier in the catalogue's order, whether or not the server listed it.
  const rows: Row[] = TIERS.map((tier) => {
    const c = value.find((v) => v.tier === tier);
    return { tier, on: !!c?.months, months: c?.months ?? null, kind: c?.kind ?? 'qbr' };
  });

  const submit = async () => {
    await form.validateFields();
    setError(undefined);
    // Months as typed: the server says which are out of range, on the field (applyServerErrors). The tier is no
    // field of the form, so it comes from the row's position.
    const { items: v } = form.getFieldsValue(true) as { items: Row[] };
    const items = rows.map((r, i) => ({
      tier: r.tier,
      months: v[i]?.on ? (v[i]?.months ?? null) : null,
      kind: v[i]?.kind ?? r.kind,
    }));
    save.mutate(items, { onError: (e) => setError(applyServerErrors(form, e)) });
  };

  return (
    <Form form={form} initialValues={{ items: rows }} component={false}>
      <Card>
        <Typography.Paragraph type="secondary">{t('reviews.settings.help')}</Typography.Paragraph>
        <Form.List name="items">
          {(fields) => (
            <Table
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={fields}
              onRow={(_, i) => ({ 'data-testid': `cadence-${rows[i ?? 0]?.tier}` }) as HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('reviews.settings.tier'),
                  render: (_, f) => t(`tiers.${rows[f.name]!.tier}`),
                },
                {
                  title: t('reviews.settings.enabled'),
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'on']} valuePropName="checked" noStyle>
                      <Switch aria-label={t('reviews.settings.enabled')} data-testid="cadence-on" />
                    </Form.Item>
                  ),
                },
                {
                  title: t('reviews.settings.months'),
                  render: (_, f) => (
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const on = form.getFieldValue(['items', f.name, 'on']) as boolean;
                        return (
                          <Form.Item
                            name={[f.name, 'months']}
                            style={{ margin: 0 }}
                            rules={on ? [{ required: true, message: t('reviews.settings.monthsRequired') }] : []}
                          >
                            <InputNumber
                              precision={0}
                              disabled={!on}
                              addonAfter={t('reviews.settings.monthsUnit')}
                              style={{ width: 140 }}
                              aria-label={t('reviews.settings.months')}
                              data-testid="cadence-months"
                            />
                          </Form.Item>
                        );
                      }}
                    </Form.Item>
                  ),
                },
                {
                  title: t('reviews.kindLabel'),
                  render: (_, f) => (
                    <Form.Item noStyle shouldUpdate>
                      {() => (
                        <Form.Item name={[f.name, 'kind']} noStyle>
                          <Radio.Group
                            disabled={!form.getFieldValue(['items', f.name, 'on'])}
                            options={REVIEW_KINDS.map((k) => ({ value: k, label: t(`reviews.kind.${k}`) }))}
                          />
                        </Form.Item>
                      )}
                    </Form.Item>
                  ),
                },
                {
                  title: t('reviews.settings.default'),
                  render: (_, f) => {
                    const d = DEFAULT_REVIEW_CADENCES.find((c) => c.tier === rows[f.name]!.tier);
                    return (
                      <Typography.Text type="secondary">{d ? every(d) : t('reviews.settings.none')}</Typography.Text>
                    );
                  },
                },
              ]}
            />
          )}
        </Form.List>
      </Card>
      {error ? <Typography.Paragraph type="danger">{error}</Typography.Paragraph> : null}
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        loading={save.isPending}
        onClick={() => void submit()}
        data-testid="cadence-save"
      >
        {t('common.save')}
      </Button>
    </Form>
  );
}
