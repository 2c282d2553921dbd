import type { ImportReport } from '@shared/imports';
import { Alert, Card, Col, Empty, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../../lib/format';

type Refused = ImportReport['refused'][number];

/** What an import took and what it refused, row by row, with the reasons in the reader's language. */
export function ImportResult({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const attributeTypes = Object.entries(report.attributeTypes ?? {});
  return (
    <Flex vertical gap={16} data-testid="import-result">
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('imports.rowsRead')} value={report.rows} formatter={(v) => formatNumber(Number(v))} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('imports.imported')}
            value={report.imported}
            formatter={(v) => formatNumber(Number(v))}
            valueStyle={{ color: '#389e0d' }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('imports.refusedRows')}
            value={report.refusedRows}
            formatter={(v) => formatNumber(Number(v))}
            valueStyle={report.refusedRows ? { color: '#cf1322' } : undefined}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('imports.createdAccounts')}
            value={report.createdAccountCount}
            formatter={(v) => formatNumber(Number(v))}
          />
        </Col>
      </Row>

      {report.refused.length ? (
        <Card size="small" title={t('imports.refusedTitle')} styles={{ body: { padding: 0 } }}>
          {report.refusedTruncated ? (
            <Alert type="info" banner message={t('imports.truncated', { count: report.refused.length })} />
          ) : null}
          <Table<Refused>
            size="small"
            rowKey={(r) => `${r.line}|${r.column}|${r.reason}`}
            dataSource={report.refused}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            data-testid="import-refused"
            columns={[
              { title: t('imports.line'), dataIndex: 'line', width: 90 },
              {
                title: t('imports.column'),
                dataIndex: 'column',
                width: 200,
                render: (c: string | null) => (c ? <Typography.Text code>{c}</Typography.Text> : null),
              },
              { title: t('imports.reason'), dataIndex: 'message' },
            ]}
          />
        </Card>
      ) : (
        <Alert type="success" showIcon message={t('imports.nothingRefused')} />
      )}

      {report.createdAccountCount ? (
        <Card size="small" title={t('imports.createdTitle', { count: report.createdAccountCount })}>
          <Flex wrap gap={4}>
            {report.createdAccounts.slice(0, 100).map((id) => (
              <Tag key={id}>{id}</Tag>
            ))}
            {report.createdAccountCount > 100 ? (
              <Typography.Text type="secondary">
                {t('imports.andMore', { count: report.createdAccountCount - 100 })}
              </Typography.Text>
            ) : null}
          </Flex>
          <div style={{ marginTop: 8 }}>
            <Link to="/accounts">{t('imports.openAccounts')}</Link>
          </div>
        </Card>
      ) : null}

      {attributeTypes.length ? (
        <Card size="small" title={t('imports.attributeTypes')}>
          <Flex wrap gap={4}>
            {attributeTypes.map(([key, type]) => (
              <Tag key={key} color={type === 'numeric' ? 'blue' : 'default'}>
                {key} · {t(`imports.attributeType.${type}`)}
              </Tag>
            ))}
          </Flex>
        </Card>
      ) : null}

      {report.ignoredColumns.length ? (
        <Typography.Text type="secondary">
          {t('imports.ignoredColumns')}: {report.ignoredColumns.join(t('common.listSeparator'))}
        </Typography.Text>
      ) : null}
      {!report.rows && !report.refused.length ? <Empty description={t('imports.emptyFile')} /> : null}
    </Flex>
  );
}
