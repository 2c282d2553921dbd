import { RightOutlined } from '@ant-design/icons';
import { Card, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A figure that opens the list behind it (every Home tile links to its filtered list). */
export function Tile({
  title,
  value,
  footer,
  to,
  danger,
  testId,
}: {
  title: string;
  value: ReactNode;
  footer?: ReactNode;
  to: string;
  danger?: boolean;
  testId: string;
}) {
  return (
    <Link to={to} data-testid={testId} style={{ display: 'block', height: '100%' }}>
      <Card size="small" hoverable style={{ height: '100%' }}>
        <Statistic
          title={
            <span>
              {title} <RightOutlined style={{ fontSize: 10 }} />
            </span>
          }
          value={typeof value === 'number' ? value : undefined}
          formatter={typeof value === 'number' ? undefined : () => value}
          valueStyle={danger ? { color: '#cf1322' } : undefined}
        />
        {footer ? <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 4 }}>{footer}</div> : null}
      </Card>
    </Link>
  );
}

/** Link targets: the lists the tiles stand for, filtered by their URL parameters. */
export const links = {
  book: (ownerId: string) => `/accounts?owner=${ownerId}&sort=health&order=asc`,
  renewals: (ownerId?: string) => `/renewals?days=90${ownerId ? `&ownerId=${ownerId}` : ''}`,
  ctas: (ownerId: string | null | undefined, overdue: boolean) =>
    `/ctas?scope=all${ownerId ? `&ownerId=${ownerId}` : ''}${overdue ? '&overdue=true' : ''}`,
  onboarding: (ownerId?: string) => `/onboarding${ownerId ? `?ownerId=${ownerId}` : ''}`,
  account: (id: string) => `/accounts/${id}`,
  cta: (id: string) => `/ctas?cta=${id}`,
};
