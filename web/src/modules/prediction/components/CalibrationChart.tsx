import type { ReliabilityBinView } from '@shared/prediction';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../lib/format';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** Reliability diagram: predicted churn against the churn observed in each bin, with the perfect diagonal and the bin sizes. */
export function CalibrationChart({ bins }: { bins: ReliabilityBinView[] }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const labels = bins.map((b) => `${formatPercent(b.from, 0)}–${formatPercent(b.to, 0)}`);
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 40, bottom: 40 },
      xAxis: {
        type: 'category',
        data: labels,
        name: t('prediction.chart.predicted'),
        nameLocation: 'middle',
        nameGap: 28,
      },
      yAxis: [
        {
          type: 'value',
          min: 0,
          max: 100,
          axisLabel: { formatter: (v: number) => formatPercent(v / 100, 0) },
          name: t('prediction.chart.observed'),
        },
        { type: 'value', name: t('prediction.chart.accounts'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('prediction.chart.accounts'),
          type: 'bar',
          yAxisIndex: 1,
          data: bins.map((b) => b.count),
          itemStyle: { color: '#d9d9d9' },
        },
        {
          name: t('prediction.chart.observed'),
          type: 'line',
          data: bins.map((b) => pct(b.observedRate)),
          connectNulls: true,
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('prediction.chart.meanPredicted'),
          type: 'line',
          data: bins.map((b) => pct(b.meanPredicted)),
          connectNulls: true,
          lineStyle: { type: 'dashed' },
          itemStyle: { color: '#fa8c16' },
        },
        {
          name: t('prediction.chart.perfect'),
          type: 'line',
          data: bins.map((b) => pct((b.from + b.to) / 2)),
          symbol: 'none',
          lineStyle: { type: 'dotted', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
        },
      ],
    };
  }, [bins, t]);
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: 320 }}
      notMerge
      data-testid="calibration-chart"
    />
  );
}
