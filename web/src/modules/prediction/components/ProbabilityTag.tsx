import { Tag } from 'antd';
import { formatPercent } from '../../../lib/format';

/** Renewal probability with a colour: below 50 % red, below 75 % gold, green otherwise. */
export function ProbabilityTag({ value }: { value: number | undefined | null }) {
  if (value === undefined || value === null) return <span>—</span>;
  const color = value < 0.5 ? 'red' : value < 0.75 ? 'gold' : 'green';
  return (
    <Tag color={color} data-testid="renewal-probability" style={{ marginInlineEnd: 0 }}>
      {formatPercent(value, 0)}
    </Tag>
  );
}
