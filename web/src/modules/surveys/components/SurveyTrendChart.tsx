import type { SurveyReport } from '@shared/surveys';
import type { Wire } from '@shared/endpoint';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMonth } from '../../../lib/format';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** The survey's score per month as a line, over the number of answers as bars. */
export function SurveyTrendChart({ report }: { report: Wire<SurveyReport> }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 40, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: report.trend.map((m) => formatMonth(m.month)) },
      yAxis: [
        { type: 'value', name: '', ...(report.kind === 'nps' ? { min: -100, max: 100 } : {}) },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        { type: 'line', name: t(`surveys.scoreName.${report.kind}`), data: report.trend.map((m) => m.score) },
        { type: 'bar', name: t('surveys.responses'), yAxisIndex: 1, data: report.trend.map((m) => m.responses) },
      ],
    }),
    [report, t],
  );
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}
