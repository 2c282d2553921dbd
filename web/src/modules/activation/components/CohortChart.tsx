import type { CohortCurve } from '@shared/activation';
import { LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMonth, formatPercent } from '../../../lib/format';

echarts.use([
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  MarkPointComponent,
  CanvasRenderer,
]);

/** One line per signup month: the share that had reached the key behaviour by day N, the flattening day marked. */
export function CohortChart({ cohorts, horizon }: { cohorts: CohortCurve[]; horizon: number }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      grid: { left: 8, right: 24, top: 48, bottom: 24, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => formatPercent(v),
        axisPointer: { type: 'line' },
      },
      xAxis: {
        type: 'category',
        name: t('activation.day'),
        nameLocation: 'middle',
        nameGap: 28,
        data: Array.from({ length: horizon + 1 }, (_, d) => String(d)),
      },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v, 0) } },
      series: cohorts.map((c) => ({
        name: formatMonth(c.month),
        type: 'line',
        showSymbol: false,
        data: c.shares,
        markPoint:
          c.flattensAt === null
            ? undefined
            : {
                symbol: 'pin',
                symbolSize: 36,
                label: { formatter: String(c.flattensAt), fontSize: 10 },
                data: [{ coord: [String(c.flattensAt), c.shares[c.flattensAt]], name: t('activation.flattens') }],
              },
      })),
    }),
    [cohorts, horizon, t],
  );
  return (
    <div data-testid="activation-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 360 }} />
    </div>
  );
}
