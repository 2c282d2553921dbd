import type { HealthColor } from '@shared/health';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import { HEALTH_HEX } from '../../health/components/HealthBadge';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

type Day = { day: string } & Record<HealthColor, number>;
const COLOURS: HealthColor[] = ['red', 'yellow', 'green'];

/** Accounts per health colour 30 days ago and today, side by side. */
export function HealthMovementChart({ before, today }: { before: Day; today: Day }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      // Two bars of counts: nothing to animate, and a screenshot never catches them half grown.
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: [before, today].map((d) => formatDate(d.day)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: COLOURS.map((c) => ({
        name: t(`health.color.${c}`),
        type: 'bar',
        stack: 'accounts',
        itemStyle: { color: HEALTH_HEX[c] },
        data: [before[c], today[c]],
      })),
    }),
    [before, today, t],
  );
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 220 }} notMerge />;
}
