import {
  CUSTOMER_MATURITY_LEVELS,
  customerMaturityLevel,
  MATURITY_DIMENSIONS,
  type MaturityDimension,
} from '@shared/fit';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useAssessMaturity, useCustomerMaturity } from '../hooks/useFit';

export const LEVEL_COLORS: Record<string, string> = { immature: 'red', low: 'orange', medium: 'blue', high: 'green' };

type Levels = Record<MaturityDimension, number>;

/** Customer maturity on the 360: the level, what it means for how we work with them, and its history. */
export function MaturityCard({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const maturity = useCustomerMaturity(accountId);
  const canWrite = useCan('write');
  const [open, setOpen] = useState(false);
  const body = () => {
    if (maturity.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
    if (maturity.isError) return <QueryError compact error={maturity.error} onRetry={() => void maturity.refetch()} />;
    const { current, history } = maturity.data;
    if (!current) return <Typography.Text type="secondary">{t('fit.maturity.none')}</Typography.Text>;
    return (
      <>
        <Tag color={LEVEL_COLORS[current.level]} data-testid="maturity-level">
          {t(`fit.maturityLevels.${current.level}`)}
        </Tag>
        <Alert style={{ margin: '8px 0' }} type="info" showIcon message={t(`fit.maturity.strategy.${current.level}`)} />
        <Descriptions size="small" column={1}>
          {MATURITY_DIMENSIONS.map((d) => (
            <Descriptions.Item key={d} label={t(`fit.maturity.dimensions.${d}`)}>
              {current[d]} / 4
            </Descriptions.Item>
          ))}
        </Descriptions>
        {current.note ? <Typography.Paragraph type="secondary">{current.note}</Typography.Paragraph> : null}
        {history.length > 1 ? (
          <>
            <Typography.Text strong>{t('fit.maturity.history')}</Typography.Text>
            <Timeline
              style={{ marginTop: 8 }}
              items={history.map((h) => ({
                color: LEVEL_COLORS[h.level],
                children: (
                  <span data-testid="maturity-history-item">
                    {t(`fit.maturityLevels.${h.level}`)} · {formatDateTime(h.assessedAt)}
                    {h.assessedBy ? ` · ${h.assessedBy.name}` : ''}
                  </span>
                ),
              }))}
            />
          </>
        ) : (
          <Typography.Text type="secondary">
            {t('fit.maturity.assessedBy', {
              date: formatDateTime(current.assessedAt),
              name: current.assessedBy?.name ?? '—',
            })}
          </Typography.Text>
        )}
      </>
    );
  };
  const current = maturity.data?.current;
  return (
    <Card
      size="small"
      title={t('fit.maturity.title')}
      style={{ marginBottom: 16 }}
      data-testid="maturity-card"
      extra={
        canWrite ? (
          <Button size="small" onClick={() => setOpen(true)} data-testid="maturity-assess">
            {t('fit.maturity.assess')}
          </Button>
        ) : null
      }
    >
      {body()}
      {open ? (
        <AssessModal
          accountId={accountId}
          initial={
            current
              ? {
                  cognition: current.cognition,
                  strategy: current.strategy,
                  people: current.people,
                  tools: current.tools,
                }
              : undefined
          }
          onClose={() => setOpen(false)}
        />
      ) : null}
    </Card>
  );
}

function AssessModal({ accountId, initial, onClose }: { accountId: string; initial?: Levels; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Levels & { note?: string }>();
  const assess = useAssessMaturity(accountId);
  const values = Form.useWatch([], form) as Partial<Levels> | undefined;
  const complete = values && MATURITY_DIMENSIONS.every((d) => typeof values[d] === 'number');
  const preview = complete ? customerMaturityLevel(values as Levels) : null;
  const submit = async () => {
    const v = await form.validateFields();
    assess.mutate({ ...v, note: v.note?.trim() || null }, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      width={760}
      title={t('fit.maturity.assessTitle')}
      okText={t('common.save')}
      onOk={() => void submit()}
      confirmLoading={assess.isPending}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t('fit.maturity.rule')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={initial}>
        {MATURITY_DIMENSIONS.map((d) => (
          <Form.Item key={d} name={d} label={t(`fit.maturity.dimensions.${d}`)} rules={[{ required: true }]}>
            <Radio.Group data-testid={`maturity-${d}`}>
              <Space direction="vertical">
                {[1, 2, 3, 4].map((n) => (
                  <Radio key={n} value={n}>
                    <strong>{t(`fit.maturityLevels.${CUSTOMER_MATURITY_LEVELS[n - 1]}`)}</strong> —{' '}
                    {t(`fit.maturity.levels.${d}.${n}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        ))}
        <Form.Item name="note" label={t('fit.maturity.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
      {preview ? (
        <Space>
          {t('fit.maturity.preview')}
          <Tag color={LEVEL_COLORS[preview]} data-testid="maturity-preview">
            {t(`fit.maturityLevels.${preview}`)}
          </Tag>
        </Space>
      ) : null}
    </Modal>
  );
}
