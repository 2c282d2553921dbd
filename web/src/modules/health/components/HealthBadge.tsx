import { ArrowDownOutlined, ArrowRightOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { HealthColor, Trend } from '@shared/health';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

export const HEALTH_TAG: Record<HealthColor, string> = { red: 'red', yellow: 'gold', green: 'green' };
export const HEALTH_HEX: Record<HealthColor, string> = { red: '#cf1322', yellow: '#d48806', green: '#389e0d' };

/** The score in its colour (the colour's name for screen readers and colour-blind users in the tooltip). */
export function HealthBadge({ score, color }: { score: number; color: HealthColor }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`health.color.${color}`)}>
      <Tag
        color={HEALTH_TAG[color]}
        data-testid="health-badge"
        data-color={color}
        style={{ minWidth: 44, textAlign: 'center' }}
      >
        {score.toFixed(0)}
      </Tag>
    </Tooltip>
  );
}

export function TrendArrow({ trend, days }: { trend: Trend; days: number }) {
  const { t } = useTranslation();
  if (!trend) return <span style={{ color: '#bfbfbf' }}>—</span>;
  const icon =
    trend === 'up' ? (
      <ArrowUpOutlined style={{ color: '#389e0d' }} />
    ) : trend === 'down' ? (
      <ArrowDownOutlined style={{ color: '#cf1322' }} />
    ) : (
      <ArrowRightOutlined style={{ color: '#8c8c8c' }} />
    );
  return (
    <Tooltip title={t('health.trendTip', { days, trend: t(`health.trend.${trend}`) })}>
      <span data-testid={`trend-${days}`} data-trend={trend}>
        {icon} {t('health.days', { n: days })}
      </span>
    </Tooltip>
  );
}
