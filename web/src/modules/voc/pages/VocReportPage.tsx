import { Card, Col, Empty, Row, Segmented, Skeleton, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';
import { RequestsTable } from '../components/RequestsTable';
import { TrendChart } from '../components/TrendChart';
import { VocNav } from '../components/VocNav';
import { useVocReport, vocName } from '../hooks/useVoc';

const PERIODS = [30, 90, 180, 365] as const;

/**
 * The voice of the customer (`/voc`, docs/voc.md): which tags weigh most by the ARR of the accounts behind
 * them, how each category moves month by month, and the open feature requests by ARR.
 */
export function VocReportPage() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(90);
  // The server's today (in the organisation's time zone) ends the period.
  const report = useVocReport({ days });
  const data = report.data;
  const categories = new Map((data?.categories ?? []).map((c) => [c.id, c]));

  return (
    <>
      <PageHeader
        title={t('voc.title')}
        subtitle={
          data ? t('voc.report.period', { from: formatDate(data.from), to: formatDate(data.to) }) : t('voc.subtitle')
        }
        extra={
          <Segmented
            value={days}
            onChange={(v) => setDays(Number(v))}
            options={PERIODS.map((d) => ({ value: d, label: t('voc.report.days', { count: d }) }))}
            data-testid="voc-period"
          />
        }
      />
      <VocNav />
      {report.isPending ? (
        <Skeleton active />
      ) : report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card title={t('voc.report.topTags')} size="small">
              <Table
                size="small"
                rowKey="id"
                scroll={{ x: 'max-content' }}
                dataSource={data.tags}
                pagination={false}
                data-testid="voc-top-tags"
                locale={{ emptyText: <Empty description={t('voc.report.noTags')} /> }}
                columns={[
                  {
                    title: t('voc.report.tag'),
                    dataIndex: 'id',
                    render: (_, tag) => (
                      <>
                        <Tag>{categories.get(tag.categoryId) ? vocName(categories.get(tag.categoryId)!) : ''}</Tag>
                        <span>{vocName(tag)}</span>
                      </>
                    ),
                  },
                  { title: t('voc.report.items'), dataIndex: 'items', className: 'tenure-num', render: formatNumber },
                  {
                    title: t('voc.requests.accounts'),
                    dataIndex: 'accounts',
                    className: 'tenure-num',
                    render: formatNumber,
                  },
                  {
                    title: t('voc.requests.arr'),
                    dataIndex: 'arrMinor',
                    className: 'tenure-num',
                    render: (v: number) => formatMoney(v, data.currency),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('voc.report.trend')} size="small">
              {data.trend.length ? <TrendChart report={data} /> : <Empty description={t('voc.report.noTags')} />}
            </Card>
          </Col>
          <Col span={24}>
            <Card title={t('voc.report.requests')} size="small">
              <RequestsTable
                dataSource={data.requests}
                pagination={false}
                locale={{ emptyText: <Empty description={t('voc.requests.none')} /> }}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
    </>
  );
}
