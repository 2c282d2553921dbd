import { type BenchmarkMetric, PEER_GROUPS, type PeerGroup } from '@shared/benchmarks';
import { Alert, Empty, Flex, Progress, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatDecimal } from '../../../lib/format';
import { useBenchmark } from '../hooks/useBenchmark';

/**
 * The Customer 360's peer benchmark: where the account stands among comparable customers on each figure,
 * with the group's median and average; figures fewer than the minimum of peers have are hidden.
 */
export function BenchmarkTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const [group, setGroup] = useState<PeerGroup>('industry');
  const benchmark = useBenchmark(accountId, group);
  const data = benchmark.data;

  const groupText = () => {
    if (!data) return '';
    const value =
      data.group === 'tier' && data.groupValue
        ? t(`tiers.${data.groupValue}`)
        : data.group === 'size' && data.groupValue
          ? t('benchmark.sizeBand', { band: data.groupValue })
          : (data.groupValue ?? '');
    return t(`benchmark.comparedWith.${data.group}`, { count: data.groupSize, value });
  };
  const name = (m: BenchmarkMetric) =>
    m.module ? t('benchmark.metrics.module_events_30d', { module: m.module.name }) : t(`benchmark.metrics.${m.metric}`);

  return (
    <div data-testid="benchmark-tab">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={group}
          onChange={(v) => setGroup(v as PeerGroup)}
          options={PEER_GROUPS.map((g) => ({ value: g, label: t(`benchmark.groups.${g}`) }))}
          data-testid="benchmark-group"
        />
        {data?.comparable ? (
          <Typography.Text type="secondary" data-testid="benchmark-group-text">
            {groupText()}
          </Typography.Text>
        ) : null}
      </Flex>
      {benchmark.isError ? (
        <QueryError error={benchmark.error} onRetry={() => void benchmark.refetch()} />
      ) : data && !data.comparable ? (
        <Empty description={t(`benchmark.notComparable.${data.group}`)} data-testid="benchmark-not-comparable" />
      ) : (
        <>
          <Table<BenchmarkMetric>
            rowKey={(m) => m.module?.key ?? m.metric}
            loading={benchmark.isFetching}
            dataSource={data?.metrics ?? []}
            pagination={false}
            size="middle"
            data-testid="benchmark-table"
            locale={{ emptyText: <Empty description={t('benchmark.empty')} /> }}
            columns={[
              { key: 'metric', title: t('benchmark.metric'), render: (_, m) => name(m) },
              {
                key: 'value',
                title: t('benchmark.thisAccount'),
                align: 'right',
                render: (_, m) => (m.value === null ? '—' : formatDecimal(m.value)),
              },
              {
                key: 'median',
                title: t('benchmark.median'),
                align: 'right',
                render: (_, m) => (m.median === null ? '—' : formatDecimal(m.median)),
              },
              {
                key: 'average',
                title: t('benchmark.average'),
                align: 'right',
                render: (_, m) => (m.average === null ? '—' : formatDecimal(m.average)),
              },
              {
                key: 'percentile',
                title: t('benchmark.percentile'),
                width: 220,
                render: (_, m) =>
                  m.peers < (data?.minimumPeers ?? 5) ? (
                    <Typography.Text type="secondary">{t('benchmark.hidden', { count: m.peers })}</Typography.Text>
                  ) : m.percentile === null ? (
                    <Typography.Text type="secondary">{t('benchmark.noOwnFigure')}</Typography.Text>
                  ) : (
                    <Progress
                      percent={m.percentile}
                      size="small"
                      format={(p) => t('benchmark.ahead', { percent: p })}
                      data-testid="benchmark-percentile"
                    />
                  ),
              },
            ]}
          />
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            message={t('benchmark.privacy', { count: data?.minimumPeers ?? 5 })}
          />
        </>
      )}
    </div>
  );
}
