import type { ActiveDayItem, DailyUsageItem } from '@shared/usage';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDayMonth, formatNumber } from '../../../lib/format';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

const EVENTS_COLOR = '#91caff';
const USERS_COLOR = '#1e3a8a';

interface Props {
  from: string;
  to: string;
  daily: DailyUsageItem[];
  active: ActiveDayItem[];
}

/** Every day of the range: events as bars, daily active users as a line on a second axis (days without use are zeros). */
export function UsageChart({ from, to, daily, active }: Props) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const days: string[] = [];
    for (let d = dayjs(from); !d.isAfter(dayjs(to), 'day'); d = d.add(1, 'day')) days.push(d.format('YYYY-MM-DD'));
    const events = new Map<string, number>();
    for (const row of daily) events.set(row.date, (events.get(row.date) ?? 0) + row.count);
    const users = new Map(active.map((r) => [r.date, r.users]));
    return {
      aria: { enabled: true },
      color: [EVENTS_COLOR, USERS_COLOR],
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, data: [t('usage.events'), t('usage.activeUsers')] },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: number) => formatNumber(v),
        axisPointer: { type: 'shadow' },
      },
      xAxis: {
        type: 'category',
        data: days,
        axisLabel: { formatter: (d: string) => formatDayMonth(d) },
        axisTick: { alignWithLabel: true },
      },
      yAxis: [
        { type: 'value', name: t('usage.events'), minInterval: 1, nameTextStyle: { align: 'left' } },
        {
          type: 'value',
          name: t('usage.activeUsers'),
          minInterval: 1,
          splitLine: { show: false },
          nameTextStyle: { align: 'right' },
        },
      ],
      series: [
        { name: t('usage.events'), type: 'bar', barMaxWidth: 12, data: days.map((d) => events.get(d) ?? 0) },
        {
          name: t('usage.activeUsers'),
          type: 'line',
          yAxisIndex: 1,
          symbol: 'none',
          smooth: false,
          lineStyle: { width: 2 },
          data: days.map((d) => users.get(d) ?? 0),
        },
      ],
    };
  }, [from, to, daily, active, t]);

  return (
    <div
      role="img"
      aria-label={t('usage.chartLabel', { from: formatDate(from), to: formatDate(to) })}
      data-testid="usage-chart"
    >
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 280 }} />
    </div>
  );
}
