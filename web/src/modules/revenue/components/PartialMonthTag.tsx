import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMonth } from '../../../lib/format';

/**
 * Marks the running month wherever it shows: its figures are still moving, and ratios over new
 * customers (CAC, LTV:CAC, payback) read as alarms until the month is over.
 */
export function PartialMonthTag({ month, compact }: { month: string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('revenue.partial.hint', { month: formatMonth(month, 'long') })}>
      <Tag
        color="warning"
        style={
          compact
            ? { marginInlineEnd: 0, marginInlineStart: 4, fontSize: 11, lineHeight: '16px', paddingInline: 4 }
            : { marginInlineEnd: 0 }
        }
        data-testid="partial-month"
      >
        {t('revenue.partial.tag')}
      </Tag>
    </Tooltip>
  );
}
