import { toMinorUnits } from '@shared/money';
import { Alert, Card, Col, Empty, InputNumber, Row, Segmented, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { useDebounced } from '../../../hooks/useDebounced';
import { formatMoney, formatPercent } from '../../../lib/format';
import { useOrganisation } from '../../auth/hooks/useOrganisation';
import { useForecast, useTarget } from '../hooks/useRenewals';
import { ForecastChart } from './ForecastChart';

/** Renewal ARR forecast (Σ probability × ARR) for 90 and 180 days, by CSM and segment, and the target calculator. */
export function ForecastTab() {
  const { t } = useTranslation();
  const forecast = useForecast({});
  const [days, setDays] = useState(90);
  const [target, setTarget] = useState<number | null>(null);
  const settled = useDebounced(target, 400);
  // The target is typed in the base currency, as the forecast is shown.
  const base = useOrganisation().currency;
  const result = useTarget(days, settled === null ? null : toMinorUnits(settled, base));

  if (forecast.error) return <QueryError error={forecast.error} onRetry={() => forecast.refetch()} compact />;
  if (!forecast.data) return <Spin />;
  const { currency } = forecast.data;
  const money = (v: number) => formatMoney(v, currency, { narrow: true });
  const window = forecast.data.windows.find((w) => w.days === days)!;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        data-testid="forecast-source"
        message={forecast.data.modelAvailable ? t('renewals.sourceModel') : t('renewals.sourceCategory')}
        description={t('renewals.sourceCounts', window.sources)}
      />
      <Row gutter={16}>
        {forecast.data.windows.map((w) => (
          <Col xs={24} md={12} key={w.days}>
            <Card title={t('renewals.nextDays', { days: w.days })} size="small">
              <Row gutter={8}>
                <Col span={8}>
                  <Statistic title={t('renewals.figures.pipelineMinor')} value={money(w.pipelineMinor)} />
                </Col>
                <Col span={8} data-testid={`forecast-${w.days}`}>
                  <Statistic
                    title={t('renewals.figures.forecastMinor')}
                    value={money(w.forecastMinor)}
                    valueStyle={{ color: '#2563eb' }}
                  />
                </Col>
                <Col span={8}>
                  <Statistic title={t('renewals.figures.committedMinor')} value={money(w.committedMinor)} />
                </Col>
              </Row>
              <Typography.Text type="secondary">{t('renewals.renewalsCount', { count: w.renewals })}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Segmented
        value={days}
        options={[90, 180].map((d) => ({ value: d, label: t('renewals.nextDays', { days: d }) }))}
        onChange={(d) => setDays(Number(d))}
      />
      {window.renewals === 0 ? (
        <Empty description={t('renewals.empty')} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('renewals.byOwner')}>
              <ForecastChart groups={window.byOwner} currency={currency} testId="forecast-by-owner" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('renewals.bySegment')}>
              <ForecastChart groups={window.bySegment} currency={currency} testId="forecast-by-segment" />
            </Card>
          </Col>
        </Row>
      )}
      <Card size="small" title={t('renewals.targetTitle')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('renewals.targetHelp')}</Typography.Text>
          <InputNumber
            min={0}
            value={target}
            onChange={(v) => setTarget(v === null ? null : Number(v))}
            addonBefore={t('renewals.targetArr', { currency })}
            style={{ width: 320 }}
            data-testid="target-input"
          />
          {result.error ? <QueryError error={result.error} compact /> : null}
          {result.data ? (
            <>
              <Typography.Paragraph data-testid="target-result">
                {result.data.gapMinor <= 0
                  ? t('renewals.targetMet', { forecast: money(result.data.forecastMinor) })
                  : result.data.reachable
                    ? t('renewals.targetNeeds', {
                        count: result.data.accounts.length,
                        gap: money(result.data.gapMinor),
                        level: formatPercent(result.data.healthyLevel, 0),
                      })
                    : t('renewals.targetUnreachable', {
                        gap: money(result.data.gapMinor),
                        count: result.data.accounts.length,
                        level: formatPercent(result.data.healthyLevel, 0),
                      })}
              </Typography.Paragraph>
              {result.data.accounts.length ? (
                <Table
                  size="small"
                  rowKey="accountId"
                  pagination={false}
                  dataSource={result.data.accounts}
                  columns={[
                    {
                      key: 'name',
                      title: t('renewals.account'),
                      render: (_, a) => <Link to={`/accounts/${a.accountId}`}>{a.accountName}</Link>,
                    },
                    { key: 'arr', title: t('renewals.arr'), align: 'right', render: (_, a) => money(a.arrMinor) },
                    {
                      key: 'p',
                      title: t('renewals.probability'),
                      align: 'right',
                      render: (_, a) => formatPercent(a.probability, 0),
                    },
                    { key: 'gain', title: t('renewals.gain'), align: 'right', render: (_, a) => money(a.gainMinor) },
                  ]}
                />
              ) : null}
            </>
          ) : null}
        </Space>
      </Card>
    </Space>
  );
}
