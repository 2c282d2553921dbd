import { Statistic, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../../lib/format';
import { useAccountConcentration } from '../hooks/useActivation';

/** The Customer 360's 90/10 figure: the share of the account's events made by its top tenth of people. */
export function ConcentrationStat({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const figure = useAccountConcentration(accountId);
  const data = figure.data;
  return (
    <Tooltip title={data && data.users > 0 ? t('activation.topOf', { top: data.topUsers, users: data.users }) : ''}>
      <span data-testid="concentration-stat">
        <Statistic
          title={t('activation.accountShare')}
          value={data?.share == null ? '—' : formatPercent(data.share)}
          loading={figure.isPending}
        />
      </span>
    </Tooltip>
  );
}
