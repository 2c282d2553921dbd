import { MATURITY_PRACTICES, type MaturityLevels } from '@shared/maturity';
import { RadarChart } from 'echarts/charts';
import { AriaComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
// The ESM build: the CommonJS one (lib/) arrives under Vite as a module object, not the component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

echarts.use([RadarChart, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** The latest assessment's eight levels on a radar, with the one before it for comparison. */
export function MaturityRadar({ latest, previous }: { latest: MaturityLevels; previous?: MaturityLevels }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: {},
      legend: { bottom: 0 },
      radar: {
        radius: '62%',
        indicator: MATURITY_PRACTICES.map((p) => ({ name: t(`maturity.practices.${p}`), max: 5, min: 0 })),
      },
      series: [
        {
          type: 'radar',
          data: [
            ...(previous
              ? [
                  {
                    name: t('maturity.previous'),
                    value: MATURITY_PRACTICES.map((p) => previous[p]),
                    lineStyle: { type: 'dashed' },
                  },
                ]
              : []),
            {
              name: t('maturity.latest'),
              value: MATURITY_PRACTICES.map((p) => latest[p]),
              areaStyle: { opacity: 0.2 },
            },
          ],
        },
      ],
    }),
    // The language is in the dependencies so the labels follow a switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [latest, previous, t, i18n.language],
  );
  return (
    <div data-testid="maturity-radar">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 340 }} />
    </div>
  );
}
