import { InfoCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Popover, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The definition of a figure (from docs/metrics.md, in the catalogs), one hover or tap away; `also` adds a second figure's. */
export function Definition({ metric, title, also }: { metric: string; title?: ReactNode; also?: string }) {
  const { t } = useTranslation();
  return (
    <Popover
      title={title ?? t(`revenue.metrics.${metric}`)}
      content={
        <div style={{ maxWidth: 340 }}>
          <Typography.Paragraph style={{ margin: 0 }}>{t(`revenue.definitions.${metric}`)}</Typography.Paragraph>
          {also ? (
            <Typography.Paragraph style={{ margin: '8px 0 0' }}>
              <strong>{t(`revenue.metrics.${also}`)}</strong>: {t(`revenue.definitions.${also}`)}
            </Typography.Paragraph>
          ) : null}
        </div>
      }
      trigger={['hover', 'click']}
    >
      <InfoCircleOutlined
        role="button"
        tabIndex={0}
        aria-label={t('revenue.definitionOf', { name: t(`revenue.metrics.${metric}`) })}
        style={{ color: 'rgba(0,0,0,0.38)', cursor: 'help', fontSize: 12 }}
        onClick={(e) => e.stopPropagation()}
        data-testid={`definition-${metric}`}
      />
    </Popover>
  );
}

/** A figure's name with its definition next to it, and a caveat when there is one. */
export function MetricLabel({ metric, children, warning }: { metric: string; children?: ReactNode; warning?: string }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      {children ?? t(`revenue.metrics.${metric}`)}
      <Definition metric={metric} />
      {warning ? (
        <Tooltip title={warning}>
          <WarningOutlined
            role="img"
            aria-label={warning}
            style={{ color: '#d48806', fontSize: 12 }}
            data-testid={`caveat-${metric}`}
          />
        </Tooltip>
      ) : null}
    </span>
  );
}
