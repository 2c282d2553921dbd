import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Progress,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { PredictionModelView } from '@shared/prediction';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime } from '../../../lib/format';
import { CalibrationChart } from '../components/CalibrationChart';
import { featureName } from '../components/featureLabel';
import { formatAuc } from '../components/format';
import { useFeatureCatalogue, useLatestModel, useStartTraining, useTrainingJob } from '../hooks/usePrediction';

/** Renewal prediction for admins and CS managers: pick features, train, and judge the model. */
export function PredictionPage() {
  const { t } = useTranslation();
  const model = useLatestModel();
  return (
    <>
      <PageHeader title={t('prediction.title')} subtitle={t('prediction.subtitle')} />
      <TrainCard />
      {model.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : model.isError ? (
        <QueryError error={model.error} onRetry={() => void model.refetch()} />
      ) : !model.data ? (
        <Card>
          <Empty description={t('prediction.noModel')} />
        </Card>
      ) : (
        <ModelResult model={model.data} />
      )}
    </>
  );
}

function TrainCard() {
  const { t } = useTranslation();
  const catalogue = useFeatureCatalogue();
  const start = useStartTraining();
  const [features, setFeatures] = useState<string[]>([]);
  const [jobId, setJobId] = useState<string>();
  const job = useTrainingJob(jobId);
  const running = start.isPending || job.data?.state === 'running' || (Boolean(jobId) && job.isPending);

  const options = useMemo(() => {
    if (!catalogue.data) return [];
    const families = new Set(catalogue.data.families.map((f) => f.key));
    const columns = new Set(catalogue.data.columns.map((c) => c.key));
    return [
      {
        label: t('prediction.picker.families'),
        options: catalogue.data.families.map((f) => ({
          value: f.key,
          label: `${t(`prediction.family.${f.key}`)} (${f.columns.map((c) => featureName(t, c.key)).join(', ')})`,
        })),
      },
      {
        label: t('prediction.picker.columns'),
        options: catalogue.data.columns.map((c) => ({
          value: c.key,
          label: `${featureName(t, c.key, 'account')} · ${t(`prediction.kind.${c.kind}`)} · ${t('prediction.picker.accounts', { count: c.accounts })}`,
        })),
      },
      {
        label: t('prediction.picker.attributes'),
        // An attribute named like a family or an account field is addressed as attributes.<name>.
        options: catalogue.data.attributes.map((a) => ({
          value: families.has(a.key) || columns.has(a.key) ? `attributes.${a.key}` : a.key,
          label: `${a.key} · ${t(`prediction.kind.${a.kind}`)} · ${t('prediction.picker.accounts', { count: a.accounts })}`,
        })),
      },
    ];
  }, [catalogue.data, t]);

  const train = () => start.mutate(features, { onSuccess: (created) => setJobId(created.id) });

  return (
    <Card title={t('prediction.train.title')} style={{ marginBottom: 16 }}>
      {catalogue.isError ? (
        <QueryError compact error={catalogue.error} onRetry={() => void catalogue.refetch()} />
      ) : null}
      <Flex gap={12} align="flex-start" wrap>
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 360, flex: 1 }}
          placeholder={t('prediction.picker.placeholder')}
          loading={catalogue.isPending}
          options={options}
          value={features}
          onChange={setFeatures}
          optionFilterProp="label"
          data-testid="feature-picker"
          aria-label={t('prediction.picker.label')}
        />
        <Button type="primary" onClick={train} loading={running} data-testid="train-button">
          {t('prediction.train.button')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('prediction.train.help')}
      </Typography.Paragraph>
      {start.isError ? <Alert style={{ marginTop: 12 }} type="error" showIcon message={start.error.message} /> : null}
      {jobId && job.data ? (
        <div style={{ marginTop: 12 }} data-testid="train-progress">
          {job.data.state === 'failed' ? (
            <Alert type="error" showIcon message={t('prediction.train.failed')} description={job.data.error} />
          ) : (
            <>
              <Progress percent={job.data.progress} status={job.data.state === 'running' ? 'active' : 'success'} />
              {/* A run being retried after a failed attempt says so (the server phrases it). */}
              {job.data.state === 'running' && job.data.error ? (
                <Typography.Text type="warning">{job.data.error}</Typography.Text>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </Card>
  );
}

function ModelResult({ model }: { model: PredictionModelView }) {
  const { t } = useTranslation();
  const families = new Map(model.features.map((f) => [f.key, f.family]));
  const coefficients = [...model.coefficients].sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
  const weak = model.auc !== null && model.auc < 0.6;
  return (
    <div data-testid="model-result">
      {model.verdict ? (
        <Alert
          type={model.verdict === 'predictive' ? 'success' : model.verdict === 'too_few' ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={t(`prediction.verdict.${model.verdict}`)}
          data-testid="model-verdict"
        />
      ) : null}
      {weak ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('prediction.weak')} /> : null}
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card title={t('prediction.result.title')} style={{ marginBottom: 16 }}>
            <Flex gap={32} wrap>
              <Statistic
                title={t('prediction.result.auc')}
                value={formatAuc(model.auc)}
                valueStyle={{ color: weak ? '#cf1322' : undefined }}
                suffix={
                  model.aucInterval ? (
                    <Typography.Text type="secondary" style={{ fontSize: 14 }} data-testid="auc-interval">
                      {t('prediction.result.interval', {
                        low: formatAuc(model.aucInterval.low),
                        high: formatAuc(model.aucInterval.high),
                      })}
                    </Typography.Text>
                  ) : null
                }
              />
              <Statistic
                title={t('prediction.result.n')}
                value={model.n}
                suffix={
                  <Typography.Text type="secondary" style={{ fontSize: 14 }}>
                    {t('prediction.result.churned', { count: model.positives })}
                  </Typography.Text>
                }
              />
              <Statistic
                title={t('prediction.result.brier')}
                value={model.brier === null ? '—' : model.brier.toFixed(3)}
              />
            </Flex>
            <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('prediction.result.validation')}>
                {t(`prediction.validation.${model.validation}`, { count: model.folds.length })}
              </Descriptions.Item>
              <Descriptions.Item label={t('prediction.result.folds')}>
                <Flex gap={4} wrap data-testid="fold-aucs">
                  {model.folds.map((f, i) => (
                    <Tag key={i}>{formatAuc(f)}</Tag>
                  ))}
                  {model.aucFoldSd === null ? null : (
                    <Typography.Text type="secondary">
                      {t('prediction.result.foldSd', { sd: model.aucFoldSd.toFixed(3) })}
                    </Typography.Text>
                  )}
                </Flex>
              </Descriptions.Item>
              {model.cutoffs.length ? (
                <Descriptions.Item label={t('prediction.result.cutoffs')}>
                  {t('prediction.result.cutoffsValue', {
                    count: model.cutoffs.length,
                    from: model.cutoffs.at(-1),
                    to: model.cutoffs[0],
                  })}
                  {model.droppedForHistory ? (
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                      {t('prediction.result.dropped', { count: model.droppedForHistory })}
                    </Typography.Paragraph>
                  ) : null}
                </Descriptions.Item>
              ) : null}
              {model.leftOut.length ? (
                <Descriptions.Item label={t('prediction.result.leftOut')}>
                  <Flex gap={4} wrap data-testid="left-out">
                    {model.leftOut.map((f) => (
                      <Tag key={f}>{featureName(t, f)}</Tag>
                    ))}
                  </Flex>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('prediction.result.trained')}>
                {formatDateTime(model.createdAt)}
                {model.trainedBy ? ` · ${model.trainedBy}` : ''}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('prediction.result.calibration')} style={{ marginBottom: 16 }}>
            <CalibrationChart bins={model.calibration} />
          </Card>
        </Col>
      </Row>
      <Card title={t('prediction.result.coefficients')}>
        <Table
          size="small"
          rowKey={(c) => `${c.feature}|${c.role}|${c.level ?? ''}`}
          dataSource={coefficients}
          pagination={{ pageSize: 15, hideOnSinglePage: true }}
          data-testid="coefficients"
          columns={[
            {
              title: t('prediction.result.feature'),
              dataIndex: 'feature',
              render: (v: string) => featureName(t, v, families.get(v)),
            },
            {
              title: t('prediction.result.term'),
              key: 'term',
              render: (_, c) =>
                c.role === 'level'
                  ? c.level === '(blank)'
                    ? t('prediction.blank')
                    : c.level
                  : c.role === 'missing'
                    ? t('prediction.result.missing')
                    : t('prediction.result.value'),
            },
            {
              title: t('prediction.result.coefficient'),
              dataIndex: 'coefficient',
              align: 'right',
              render: (v: number) => (
                <Typography.Text type={v > 0 ? 'danger' : 'success'}>{v.toFixed(3)}</Typography.Text>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('prediction.result.coefficientsHelp')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
