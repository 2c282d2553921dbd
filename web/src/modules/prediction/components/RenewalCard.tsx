import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Empty, Flex, List, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime } from '../../../lib/format';
import { useAccountPrediction } from '../hooks/usePrediction';
import { factorText } from './featureLabel';
import { ProbabilityTag } from './ProbabilityTag';

/** Customer 360: the model's renewal probability for this account and what moved it most. */
export function RenewalCard({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const prediction = useAccountPrediction(accountId);
  return (
    <Card title={t('prediction.card.title')} size="small" style={{ marginBottom: 16 }} data-testid="renewal-card">
      {prediction.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : prediction.isError ? (
        <QueryError compact error={prediction.error} onRetry={() => void prediction.refetch()} />
      ) : !prediction.data ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prediction.card.none')} />
      ) : (
        <>
          <Flex align="baseline" gap={8}>
            <Typography.Text>{t('prediction.card.probability')}</Typography.Text>
            <ProbabilityTag value={prediction.data.renewalProbability} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('prediction.card.computedAt', { when: formatDateTime(prediction.data.computedAt) })}
          </Typography.Text>
          <List
            size="small"
            header={<Typography.Text strong>{t('prediction.card.factors')}</Typography.Text>}
            dataSource={prediction.data.topFactors}
            renderItem={(f) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Flex gap={8} align="center">
                  {f.direction === 'up' ? (
                    <ArrowUpOutlined style={{ color: '#389e0d' }} aria-label={t('prediction.up')} />
                  ) : (
                    <ArrowDownOutlined style={{ color: '#cf1322' }} aria-label={t('prediction.down')} />
                  )}
                  <span>{factorText(t, f)}</span>
                </Flex>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}
