import type { VocReport } from '@shared/voc';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { formatMonth } from '../../../lib/format';
import { vocName } from '../hooks/useVoc';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** Tagged items per month, stacked by category. */
export function TrendChart({
  report,
}: {
  report: VocReport | { trend: VocReport['trend']; categories: VocReport['categories'] };
}) {
  const option = useMemo(() => {
    const months = [...new Set(report.trend.map((r) => r.month))].sort();
    const used = report.categories.filter((c) => report.trend.some((r) => r.categoryId === c.id));
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: months.map((m) => formatMonth(m)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: used.map((c) => ({
        type: 'bar',
        stack: 'items',
        name: vocName(c),
        data: months.map((m) => report.trend.find((r) => r.month === m && r.categoryId === c.id)?.items ?? 0),
      })),
    };
  }, [report]);
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 280 }} notMerge />;
}
