import type { ValuePoint } from '@shared/successplans';
import { Button, Divider, Input, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { usePlan, useSaveNeeds, useValuePoints } from '../hooks/useSuccessPlans';

/** A value point's name in the UI language. */
export const pointName = (p: Pick<ValuePoint, 'nameEn' | 'nameZh'>, language: string) =>
  language.startsWith('zh') ? p.nameZh : p.nameEn;

/** At handoff: which value points the customer needs (with their words); objectives are created from them. */
export function ValueNeedsCard({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCan('write');
  const points = useValuePoints();
  const plan = usePlan(accountId);
  const save = useSaveNeeds(accountId);
  const [needs, setNeeds] = useState<{ valuePointId: string; note: string | null }[]>([]);
  useEffect(() => {
    if (plan.data) setNeeds(plan.data.needs);
  }, [plan.data]);
  if (points.isError) return <QueryError compact error={points.error} />;
  if (plan.isError) return <QueryError compact error={plan.error} />;
  const active = (points.data ?? []).filter((p) => p.active || needs.some((n) => n.valuePointId === p.id));
  return (
    <div data-testid="value-needs">
      <Divider orientation="left" plain>
        {t('successPlans.needs.title')}
      </Divider>
      <Typography.Paragraph type="secondary">{t('successPlans.needs.help')}</Typography.Paragraph>
      <Select
        mode="multiple"
        style={{ minWidth: 320, width: '100%' }}
        disabled={!canWrite}
        placeholder={t('successPlans.needs.placeholder')}
        value={needs.map((n) => n.valuePointId)}
        options={active.map((p) => ({ value: p.id, label: pointName(p, i18n.language) }))}
        onChange={(ids: string[]) =>
          setNeeds(ids.map((id) => needs.find((n) => n.valuePointId === id) ?? { valuePointId: id, note: null }))
        }
        data-testid="value-needs-select"
      />
      {needs.map((n) => {
        const point = active.find((p) => p.id === n.valuePointId);
        return (
          <Space key={n.valuePointId} style={{ display: 'flex', marginTop: 8 }} wrap>
            <Typography.Text strong>{point ? pointName(point, i18n.language) : '—'}</Typography.Text>
            <Input
              style={{ minWidth: 280 }}
              disabled={!canWrite}
              placeholder={t('successPlans.needs.note')}
              value={n.note ?? ''}
              onChange={(e) =>
                setNeeds(needs.map((x) => (x.valuePointId === n.valuePointId ? { ...x, note: e.target.value } : x)))
              }
            />
          </Space>
        );
      })}
      {canWrite ? (
        <Button
          style={{ marginTop: 12 }}
          loading={save.isPending}
          onClick={() =>
            save.mutate({ items: needs.map((n) => ({ valuePointId: n.valuePointId, note: n.note || null })) })
          }
          data-testid="value-needs-save"
        >
          {t('successPlans.needs.save')}
        </Button>
      ) : null}
    </div>
  );
}
