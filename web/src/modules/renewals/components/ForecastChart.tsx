import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../lib/format';
import type { ForecastGroup } from '../hooks/useRenewals';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** Pipeline, forecast and committed ARR side by side for each CSM or segment. */
export function ForecastChart({
  groups,
  currency,
  testId,
}: {
  groups: ForecastGroup[];
  currency: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const option = useMemo(() => {
    const money = (v: number) => formatMoney(v, currency, { narrow: true });
    const series = [
      { key: 'pipelineMinor', color: '#bfdbfe' },
      { key: 'forecastMinor', color: '#2563eb' },
      { key: 'committedMinor', color: '#16a34a' },
    ] as const;
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => money(v) },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: groups.map((g) => g.name ?? t('renewals.none')),
        axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, currency, { compact: true }) } },
      series: series.map((s) => ({
        name: t(`renewals.figures.${s.key}`),
        type: 'bar',
        itemStyle: { color: s.color },
        data: groups.map((g) => g[s.key]),
      })),
    };
    // i18n.language: labels follow the UI language.
  }, [groups, currency, t, i18n.language]);
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 300 }} notMerge data-testid={testId} />;
}
