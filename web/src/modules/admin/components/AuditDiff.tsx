import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@shared/audit';

const pretty = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

/** Keys whose values differ between before and after: what actually changed. */
export function changedKeys(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => k !== 'updated_at' && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
}

export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const changed = changedKeys(entry.before, entry.after);
  return (
    <div>
      {changed.length ? (
        <Typography.Paragraph>
          <Typography.Text type="secondary">{t('audit.changed')}: </Typography.Text>
          {changed.map((k) => (
            <Typography.Text code key={k}>
              {k}
            </Typography.Text>
          ))}
        </Typography.Paragraph>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <pre className="tenure-json">{pretty(entry.before)}</pre>
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <pre className="tenure-json">{pretty(entry.after)}</pre>
        </Col>
      </Row>
    </div>
  );
}
