import type { Backtest, HealthColor } from '@shared/health';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatPercent } from '../../../lib/format';
import { HEALTH_HEX } from './HealthBadge';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, AriaComponent, MarkAreaComponent, CanvasRenderer]);

/** Daily scores of one scorecard, with its red and green bands shaded. */
export function HistoryChart({
  history,
  redBelow,
  greenFrom,
}: {
  history: { day: string; score: number }[];
  redBelow: number;
  greenFrom: number;
}) {
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      grid: { left: 36, right: 12, top: 12, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: history.map((h) => formatDate(h.day)) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          type: 'line',
          data: history.map((h) => h.score),
          showSymbol: false,
          lineStyle: { color: '#1e3a8a' },
          markArea: {
            silent: true,
            data: [
              [{ yAxis: 0, itemStyle: { color: 'rgba(207,19,34,0.06)' } }, { yAxis: redBelow }],
              [{ yAxis: greenFrom, itemStyle: { color: 'rgba(56,158,13,0.06)' } }, { yAxis: 100 }],
            ],
          },
        },
      ],
    }),
    [history, redBelow, greenFrom],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      style={{ height: 180 }}
      data-testid="health-history-chart"
    />
  );
}

/** The ROC curve beside the diagonal of a score that knows nothing, and the churn rate per colour band. */
export function BacktestCharts({ result }: { result: Backtest }) {
  const { t } = useTranslation();
  const roc = useMemo(
    () => ({
      aria: { enabled: true },
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', min: 0, max: 1, name: t('health.backtest.fpr'), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', min: 0, max: 1, name: t('health.backtest.tpr') },
      series: [
        {
          type: 'line',
          data: result.roc.map((p) => [p.fpr, p.tpr]),
          showSymbol: false,
          lineStyle: { color: '#1e3a8a', width: 2 },
        },
        {
          type: 'line',
          data: [
            [0, 0],
            [1, 1],
          ],
          showSymbol: false,
          lineStyle: { color: '#bfbfbf', type: 'dashed' },
        },
      ],
    }),
    [result, t],
  );
  const bands = useMemo(
    () => ({
      aria: { enabled: true },
      grid: { left: 40, right: 16, top: 16, bottom: 24 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatPercent(v / 100) },
      xAxis: { type: 'category', data: result.bands.map((b) => t(`health.color.${b.color}`)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatPercent(v / 100, 0) } },
      series: [
        {
          type: 'bar',
          data: result.bands.map((b) => ({
            value: b.churnRate === null ? 0 : b.churnRate * 100,
            itemStyle: { color: HEALTH_HEX[b.color as HealthColor] },
          })),
        },
      ],
    }),
    [result, t],
  );
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
      <div style={{ flex: '1 1 320px' }}>
        <ReactEChartsCore echarts={echarts} option={roc} notMerge style={{ height: 300 }} data-testid="roc-chart" />
      </div>
      <div style={{ flex: '1 1 320px' }}>
        <ReactEChartsCore echarts={echarts} option={bands} notMerge style={{ height: 300 }} data-testid="bands-chart" />
      </div>
    </div>
  );
}
