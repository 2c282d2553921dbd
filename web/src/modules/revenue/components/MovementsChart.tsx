import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MovementType, MrrMonth } from '@shared/metrics';
import { formatMoney, formatMonth } from '../../../lib/format';
import { MOVEMENT_COLORS } from './DrillDownDrawer';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** Bars in stacking order: gains above the axis, losses below. */
const SERIES: { type: MovementType; value: (m: MrrMonth) => number; figure: string }[] = [
  { type: 'new', value: (m) => m.newMrr, figure: 'newMrr' },
  { type: 'expansion', value: (m) => m.expansionMrr, figure: 'expansionMrr' },
  { type: 'reactivation', value: (m) => m.reactivationMrr, figure: 'reactivationMrr' },
  { type: 'contraction', value: (m) => -m.contractionMrr, figure: 'contractionMrr' },
  { type: 'churn', value: (m) => -m.churnedMrr, figure: 'churnedMrr' },
];
const ENDING = 'endingMrr';
const LINE_COLOR = '#1e3a8a';

interface Props {
  months: MrrMonth[];
  currency: string;
  /** A bar segment was clicked: that month's movements of that type. */
  onSelect: (month: string, type: MovementType, figure: string) => void;
}

interface TooltipParam {
  seriesId: string;
  marker: string;
  seriesName: string;
  value: number;
  dataIndex: number;
}

/** Monthly MRR movements as stacked bars (losses downward) with ending MRR on a second axis. */
export function MovementsChart({ months, currency, onSelect }: Props) {
  const { t, i18n } = useTranslation();

  const option = useMemo(() => {
    const money = (v: number) => formatMoney(v, currency, { narrow: true });
    const compact = (v: number) => formatMoney(v, currency, { compact: true });
    // The running month's figures are still moving: its label says so, its bars are faded and its
    // MRR point hollow, so a dip at the end of the line does not read as a fall.
    const label = (m: MrrMonth) =>
      m.partial ? t('revenue.partial.axis', { month: formatMonth(m.month) }) : formatMonth(m.month);
    const point = (m: MrrMonth, value: number, style: Record<string, unknown>) =>
      m.partial ? { value, itemStyle: style } : value;
    return {
      aria: { enabled: true },
      color: [...SERIES.map((s) => MOVEMENT_COLORS[s.type]), LINE_COLOR],
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        itemGap: 16,
        data: [...SERIES.map((s) => t(`revenue.metrics.${s.figure}`)), t(`revenue.metrics.${ENDING}`)],
      },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: TooltipParam[]) => {
          const month = months[params[0]?.dataIndex ?? 0];
          if (!month) return '';
          const lines = params.map(
            (p) =>
              `${p.marker}${p.seriesName}<span style="float:right;margin-left:24px;font-weight:600">${money(p.value)}</span>`,
          );
          const net = `<span style="display:inline-block;width:10px"></span>${t('revenue.metrics.netNewMrr')}<span style="float:right;margin-left:24px;font-weight:600">${money(month.netNewMrr)}</span>`;
          const title = month.partial
            ? `${formatMonth(month.month, 'long')} · ${t('revenue.partial.tag')}`
            : formatMonth(month.month, 'long');
          return [
            `<strong>${title}</strong>`,
            ...lines,
            net,
            `<span style="color:#8c8c8c">${t('revenue.chart.clickHint')}</span>`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: months.map(label), axisTick: { alignWithLabel: true } },
      yAxis: [
        {
          type: 'value',
          name: t('revenue.chart.movementsAxis'),
          nameTextStyle: { align: 'left' },
          axisLabel: { formatter: compact },
        },
        {
          type: 'value',
          name: t(`revenue.metrics.${ENDING}`),
          nameTextStyle: { align: 'right' },
          axisLabel: { formatter: compact },
          splitLine: { show: false },
        },
      ],
      series: [
        ...SERIES.map((s) => ({
          id: s.type,
          name: t(`revenue.metrics.${s.figure}`),
          type: 'bar',
          stack: 'movements',
          barMaxWidth: 36,
          emphasis: { focus: 'series' },
          data: months.map((m) => point(m, s.value(m), { opacity: 0.45 })),
        })),
        {
          id: ENDING,
          name: t(`revenue.metrics.${ENDING}`),
          type: 'line',
          yAxisIndex: 1,
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { width: 2 },
          data: months.map((m) =>
            point(m, m.endingMrr, { color: '#fff', borderColor: LINE_COLOR, borderWidth: 2, borderType: 'dashed' }),
          ),
        },
      ],
    };
    // i18n.language: the labels and number formats follow the UI language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [months, currency, t, i18n.language]);

  const onEvents = useMemo(
    () => ({
      click: (params: { seriesId?: string; seriesType?: string; dataIndex: number }) => {
        const series = SERIES.find((s) => s.type === params.seriesId);
        const month = months[params.dataIndex];
        if (params.seriesType === 'bar' && series && month) onSelect(month.month, series.type, series.figure);
      },
    }),
    [months, onSelect],
  );

  // The wrapper carries the test id: the chart component does not pass unknown props to its element.
  return (
    <div data-testid="movements-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge onEvents={onEvents} style={{ height: 360 }} />
    </div>
  );
}
