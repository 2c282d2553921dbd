import { ApartmentOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeam } from '../../../hooks/useOptions';
import { useSegments } from '../../segments/hooks/useSegments';
import { usePlans } from '../hooks/useMetrics';
import type { RevenueFilters as Filters } from '../hooks/useRevenueFilters';
import { addMonths } from '../months';

const toDay = (month: string) => dayjs(`${month}-01`);

/** The people who own accounts as CSMs (and whoever the URL already names), deactivated ones marked. */
function useCsmOptions(selected: string | undefined) {
  const { t } = useTranslation();
  const team = useTeam();
  return useMemo(
    () =>
      (team.data ?? [])
        .filter((u) => u.role === 'csm' || u.role === 'cs_manager' || u.id === selected)
        .map((u) => ({ value: u.id, label: u.active ? u.name : `${u.name} (${t('users.inactive')})` })),
    [team.data, selected, t],
  );
}

interface Props {
  filters: Filters;
  /** The period shown (the URL's or the default), and the server's running month for presets. */
  period: { from?: string; to?: string };
  currentMonth?: string;
  onChange: (patch: Partial<Filters>) => void;
}

/** Period, segment, plan and CSM; all of it in the URL. */
export function RevenueFilters({ filters, period, currentMonth, onChange }: Props) {
  const { t } = useTranslation();
  const segments = useSegments();
  const plans = usePlans();
  const owners = useCsmOptions(filters.csm);
  // "Last n months" end with the last complete month, like the default period; "this year" runs
  // to today's month, which the page then marks partial.
  const complete = currentMonth ? addMonths(currentMonth, -1) : period.to;
  const running = currentMonth ?? period.to;
  const presets =
    complete && running
      ? [
          {
            label: t('revenue.filters.last6'),
            value: [toDay(addMonths(complete, -5)), toDay(complete)] as [Dayjs, Dayjs],
          },
          {
            label: t('revenue.filters.last12'),
            value: [toDay(addMonths(complete, -11)), toDay(complete)] as [Dayjs, Dayjs],
          },
          {
            label: t('revenue.filters.last24'),
            value: [toDay(addMonths(complete, -23)), toDay(complete)] as [Dayjs, Dayjs],
          },
          {
            label: t('revenue.filters.thisYear'),
            value: [toDay(`${running.slice(0, 4)}-01`), toDay(running)] as [Dayjs, Dayjs],
          },
        ]
      : [];
  const filtered = Boolean(filters.from || filters.to || filters.segment || filters.plan || filters.csm);

  return (
    <Flex gap={8} wrap align="center" data-testid="revenue-filters">
      <DatePicker.RangePicker
        picker="month"
        value={period.from && period.to ? [toDay(period.from), toDay(period.to)] : null}
        presets={presets}
        allowClear={false}
        onChange={(range) => {
          if (!range?.[0] || !range[1]) return onChange({ from: undefined, to: undefined });
          const [from, to] = [range[0].format('YYYY-MM'), range[1].format('YYYY-MM')];
          // The default period is not written into the URL.
          const isDefault = !!complete && !!currentMonth && to === complete && from === addMonths(complete, -11);
          onChange(isDefault ? { from: undefined, to: undefined } : { from, to });
        }}
        aria-label={t('revenue.filters.period')}
      />
      <Select
        suffixIcon={<ApartmentOutlined />}
        options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
        loading={segments.isPending}
        value={filters.segment}
        onChange={(segment?: string) => onChange({ segment })}
        placeholder={t('revenue.filters.segment')}
        style={{ minWidth: 170, maxWidth: 260 }}
        allowClear
        showSearch
        optionFilterProp="label"
        notFoundContent={t('segments.empty')}
        data-testid="revenue-segment"
      />
      <Select
        options={(plans.data ?? []).map((plan) => ({ value: plan, label: plan }))}
        loading={plans.isPending}
        value={filters.plan}
        onChange={(plan?: string) => onChange({ plan })}
        placeholder={t('revenue.filters.plan')}
        style={{ minWidth: 150 }}
        allowClear
        showSearch
        data-testid="revenue-plan"
      />
      <Select
        options={owners}
        value={filters.csm}
        onChange={(csm?: string) => onChange({ csm })}
        placeholder={t('revenue.filters.csm')}
        style={{ minWidth: 160 }}
        allowClear
        showSearch
        optionFilterProp="label"
        data-testid="revenue-csm"
      />
      {filtered ? (
        <Button
          type="link"
          icon={<ReloadOutlined />}
          onClick={() =>
            onChange({ from: undefined, to: undefined, segment: undefined, plan: undefined, csm: undefined })
          }
        >
          {t('revenue.filters.clear')}
        </Button>
      ) : null}
    </Flex>
  );
}
