import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDecimal, formatNumber, formatPercent } from '../../../lib/format';
import { CtaNav } from '../components/CtaNav';
import { type EffectivenessRow, useEffectiveness } from '../hooks/useCtas';
import { named } from '../text';

/** Which rules and playbooks work (seed 004: 没有行动的监控等于没有任何意义). */
export function EffectivenessPage() {
  const { t } = useTranslation();
  const report = useEffectiveness();
  const table = (group: 'rule' | 'playbook', rows: EffectivenessRow[] | undefined) => (
    <Table<EffectivenessRow>
      rowKey={(r) => r.id ?? 'none'}
      size="small"
      pagination={false}
      loading={report.isPending}
      dataSource={rows}
      data-testid={`effectiveness-${group}`}
      columns={[
        { title: t(`ctas.${group}Label`), key: 'name', render: (_, r) => named(t, group, r.key, r.name) },
        { title: t('ctas.eff.opened'), dataIndex: 'opened', align: 'right', render: formatNumber },
        { title: t('ctas.eff.closed'), dataIndex: 'closed', align: 'right', render: formatNumber },
        { title: t('ctas.eff.success'), dataIndex: 'success', align: 'right', render: formatNumber },
        {
          title: t('ctas.eff.successRate'),
          dataIndex: 'successRate',
          align: 'right',
          render: (v: number | null) => (v === null ? '—' : formatPercent(v)),
        },
        {
          title: t('ctas.eff.median'),
          dataIndex: 'medianHoursToFirstAction',
          align: 'right',
          render: (v: number | null) => (v === null ? '—' : formatDecimal(v)),
        },
      ]}
    />
  );
  return (
    <>
      <PageHeader title={t('ctas.pages.effectiveness')} subtitle={t('ctas.effSubtitle')} />
      <CtaNav active="effectiveness" />
      {report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <Card title={t('ctas.eff.byRule')} style={{ marginBottom: 16 }}>
            {table('rule', report.data?.rules)}
          </Card>
          <Card title={t('ctas.eff.byPlaybook')}>{table('playbook', report.data?.playbooks)}</Card>
        </>
      )}
    </>
  );
}
