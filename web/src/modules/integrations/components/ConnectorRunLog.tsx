import type { ConnectorRun } from '@shared/connectors';
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format';

type RunView = Omit<ConnectorRun, 'startedAt' | 'finishedAt'> & {
  startedAt: Date | string;
  finishedAt: Date | string | null;
};

const STATUS_COLOR = { running: 'processing', succeeded: 'success', failed: 'error' } as const;

/** A connector's sync log: each run's start, outcome, counts, and its refusals with the reason (docs/connectors.md). */
export function ConnectorRunLog({
  runs,
  testId,
  writtenBack = false,
}: {
  runs: readonly RunView[];
  testId: string;
  /** A CRM's log also counts the records written back to it. */
  writtenBack?: boolean;
}) {
  const { t } = useTranslation();
  const columns = [
    {
      title: t('zendesk.runStarted'),
      dataIndex: 'startedAt',
      render: (v: string) => <span className="tenure-num">{formatDateTime(v)}</span>,
    },
    {
      title: t('zendesk.runStatus'),
      dataIndex: 'status',
      render: (v: RunView['status'], run: RunView) => (
        <Space direction="vertical" size={2}>
          <Tag color={STATUS_COLOR[v]}>{t(`zendesk.status.${v}`)}</Tag>
          {run.error ? <Typography.Text type="danger">{run.error}</Typography.Text> : null}
        </Space>
      ),
    },
    { title: t('zendesk.runTrigger'), dataIndex: 'trigger', render: (v: string) => t(`zendesk.trigger.${v}`) },
    ...(['received', 'inserted', 'updated', 'deleted', 'refused'] as const).map((key) => ({
      title: t(`zendesk.count.${key}`),
      dataIndex: key,
      align: 'right' as const,
      render: (v: number) => <span className="tenure-num">{formatNumber(v)}</span>,
    })),
    ...(writtenBack
      ? [
          {
            title: t('hubspot.writtenBack'),
            dataIndex: 'writtenBack',
            align: 'right' as const,
            render: (v: number) => <span className="tenure-num">{formatNumber(v)}</span>,
          },
        ]
      : []),
  ];
  return (
    <Table<RunView>
      rowKey="id"
      size="small"
      scroll={{ x: 'max-content' }}
      columns={columns}
      dataSource={[...runs]}
      pagination={false}
      data-testid={testId}
      locale={{ emptyText: <Empty description={t('zendesk.noRuns')} /> }}
      expandable={{
        rowExpandable: (run) => run.refusals.length > 0,
        expandedRowRender: (run) => (
          <ul style={{ margin: 0, paddingLeft: 16 }} data-testid={`${testId}-refusals`}>
            {run.refusals.map((r) => (
              <li key={r.externalId}>
                <Typography.Text code>{r.externalId}</Typography.Text> {r.reason}
              </li>
            ))}
          </ul>
        ),
      }}
    />
  );
}

/** The sync log's card beside a connector's settings form. */
export function ConnectorLogCard({
  vendor,
  runs,
  runsTestId = `${vendor}-runs`,
  writtenBack = false,
}: {
  vendor: string;
  runs: readonly RunView[];
  runsTestId?: string;
  writtenBack?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card title={t('zendesk.log')} data-testid={`${vendor}-log`}>
      <ConnectorRunLog runs={runs} testId={runsTestId} writtenBack={writtenBack} />
    </Card>
  );
}
