import { Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { currentLanguage } from '../../../i18n';
import { formatDate } from '../../../lib/format';
import { SurveyTrendChart } from '../components/SurveyTrendChart';
import { useSurveyReport, useSurveys } from '../hooks/useSurveys';

/** One survey's report: response rate, score by month and by segment, the comments with their VoC tags. */
export function SurveyReportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const report = useSurveyReport(id);
  const survey = useSurveys().data?.find((s) => s.id === id);
  const data = report.data;
  const tagName = (tag: { nameZh: string; nameEn: string }) =>
    currentLanguage() === 'zh-CN' ? tag.nameZh : tag.nameEn;
  const empty = <Empty description={t('surveys.noData')} />;

  return (
    <>
      <PageHeader
        title={survey?.name ?? t('surveys.report')}
        documentTitle={t('surveys.report')}
        subtitle={<Link to="/surveys">{t('surveys.title')}</Link>}
      />
      {report.isPending ? (
        <Skeleton active />
      ) : report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : data ? (
        <Row gutter={[16, 16]} data-testid="survey-report">
          <Col xs={24}>
            <Card size="small">
              <Space size={48} wrap>
                <Statistic title={t('surveys.sent')} value={data.sent} />
                <Statistic title={t('surveys.responded')} value={data.responded} />
                <Statistic
                  title={t('surveys.responseRate')}
                  value={data.responseRate === null ? '—' : Math.round(data.responseRate * 100)}
                  suffix={data.responseRate === null ? undefined : '%'}
                />
                <Statistic
                  title={t(`surveys.scoreName.${data.kind}`)}
                  value={data.score ?? '—'}
                  data-testid="survey-score"
                />
              </Space>
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('surveys.trend')}>
              {data.trend.length ? <SurveyTrendChart report={data} /> : empty}
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('surveys.bySegment')}>
              <Table
                size="small"
                rowKey="segmentId"
                pagination={false}
                dataSource={data.bySegment}
                locale={{ emptyText: empty }}
                columns={[
                  { title: t('surveys.segment'), dataIndex: 'name' },
                  { title: t('surveys.responses'), dataIndex: 'responses', align: 'right' },
                  {
                    title: t(`surveys.scoreName.${data.kind}`),
                    dataIndex: 'score',
                    align: 'right',
                    render: (v: number | null) => v ?? '—',
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('surveys.verbatims')}>
              <Table
                size="small"
                rowKey="id"
                dataSource={data.verbatims}
                locale={{ emptyText: empty }}
                scroll={{ x: 'max-content' }}
                data-testid="survey-verbatims"
                columns={[
                  { title: t('surveys.date'), dataIndex: 'respondedAt', render: (v: string) => formatDate(v) },
                  {
                    title: t('surveys.account'),
                    dataIndex: 'accountName',
                    render: (name: string, v) => <Link to={`/accounts/${v.accountId}`}>{name}</Link>,
                  },
                  { title: t('surveys.contact'), dataIndex: 'contactName', render: (v: string | null) => v ?? '—' },
                  { title: t('surveys.score'), dataIndex: 'score', align: 'right' },
                  { title: t('surveys.comment'), dataIndex: 'comment' },
                  {
                    title: t('surveys.tags'),
                    dataIndex: 'tags',
                    render: (tags: { id: string; nameZh: string; nameEn: string }[]) =>
                      tags.map((tag) => <Tag key={tag.id}>{tagName(tag)}</Tag>),
                  },
                ]}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
    </>
  );
}
