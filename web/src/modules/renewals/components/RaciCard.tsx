import { RACI_ACTIVITIES, RACI_LETTERS, RACI_PARTIES, type RaciMatrix } from '@shared/renewals';
import { App, Button, Card, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { useSegments } from '../../segments/hooks/useSegments';
import { useRaci, useSaveRaci } from '../hooks/useRenewals';

const LETTER_COLORS = { R: 'blue', A: 'purple', C: 'gold', I: 'default' } as const;

/** CSM vs renewal manager: who is R/A/C/I for each renewal activity, per segment; admins edit. */
export function RaciCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isAdmin = useCan('admin');
  const raci = useRaci();
  const segments = useSegments();
  const save = useSaveRaci();
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [draft, setDraft] = useState<RaciMatrix | null>(null);
  const stored = raci.data
    ? (raci.data.segments.find((s) => s.segmentId === segmentId)?.matrix ?? raci.data.defaultMatrix)
    : null;
  useEffect(() => setDraft(null), [segmentId]);
  if (raci.error) return <QueryError error={raci.error} compact />;
  const matrix = draft ?? stored;
  const rows = RACI_ACTIVITIES.map((activity) => ({ activity }));

  return (
    <Card
      size="small"
      title={t('renewals.raciTitle')}
      loading={!matrix}
      extra={
        <Space>
          <Select
            style={{ width: 200 }}
            value={segmentId ?? ''}
            options={[
              { value: '', label: t('renewals.allSegments') },
              ...(segments.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
            onChange={(v) => setSegmentId(v || null)}
          />
          {isAdmin && draft ? (
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  { segmentId, matrix: draft },
                  {
                    onSuccess: () => setDraft(null),
                    onError: (e) => message.error(e.message),
                  },
                )
              }
            >
              {t('common.save')}
            </Button>
          ) : null}
        </Space>
      }
    >
      {matrix ? (
        <Table
          size="small"
          rowKey="activity"
          pagination={false}
          dataSource={rows}
          data-testid="raci-table"
          columns={[
            {
              key: 'activity',
              title: t('renewals.activity'),
              render: (_, r) => t(`renewals.activities.${r.activity}`),
            },
            ...RACI_PARTIES.map((party) => ({
              key: party,
              title: t(`renewals.parties.${party}`),
              render: (_: unknown, r: { activity: (typeof RACI_ACTIVITIES)[number] }) => {
                const letter = matrix[r.activity]?.[party];
                if (!isAdmin)
                  return letter ? <Tag color={LETTER_COLORS[letter]}>{t(`renewals.letters.${letter}`)}</Tag> : '—';
                return (
                  <Select
                    size="small"
                    allowClear
                    style={{ minWidth: 130 }}
                    value={letter}
                    options={RACI_LETTERS.map((l) => ({ value: l, label: t(`renewals.letters.${l}`) }))}
                    onChange={(v) =>
                      setDraft({ ...matrix, [r.activity]: { ...matrix[r.activity], [party]: v ?? undefined } })
                    }
                  />
                );
              },
            })),
          ]}
        />
      ) : null}
    </Card>
  );
}
