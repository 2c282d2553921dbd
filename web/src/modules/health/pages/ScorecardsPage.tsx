import type { ScorecardWire } from '@shared/health';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { useDocumentTitle } from '../../../hooks/useDocumentTitle';
import { errorMessage } from '../../../api/forms';
import { useSegments } from '../../segments/hooks/useSegments';
import { ScorecardModal } from '../components/ScorecardModal';
import { useDeleteScorecard, useRecompute, useScorecards } from '../hooks/useHealth';

/** Settings → Scorecards (admins): several may apply to one account, each scored on its own. */
export function ScorecardsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  useDocumentTitle(t('health.scorecards'));
  const cards = useScorecards();
  const segments = useSegments();
  const remove = useDeleteScorecard();
  const recompute = useRecompute();
  const [editing, setEditing] = useState<ScorecardWire | null>(null);
  const [open, setOpen] = useState(false);
  if (cards.isError) return <QueryError error={cards.error} onRetry={() => void cards.refetch()} />;
  const segmentName = new Map((segments.data ?? []).map((s) => [s.id, s.name]));
  return (
    <Card
      title={t('health.scorecards')}
      extra={
        <Space>
          <Link to="/health/backtest">{t('health.backtest.title')}</Link>
          <Button
            loading={recompute.isPending}
            onClick={() =>
              recompute.mutate(undefined, {
                onSuccess: (r) =>
                  void message.success(t('health.recomputed', { accounts: r.accounts, seconds: r.seconds })),
                onError: (e) => void message.error(errorMessage(e)),
              })
            }
            data-testid="health-recompute"
          >
            {t('health.recompute')}
          </Button>
          <Button
            type="primary"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
            data-testid="scorecard-new"
          >
            {t('health.newScorecard')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon message={t('health.scorecardsHelp')} style={{ marginBottom: 12 }} />
      <Table<ScorecardWire>
        rowKey="id"
        loading={cards.isPending}
        dataSource={cards.data}
        pagination={false}
        locale={{ emptyText: t('health.noScorecards') }}
        columns={[
          { title: t('health.name'), render: (_, c) => <span data-testid="scorecard-row-name">{c.name}</span> },
          {
            title: t('health.appliesTo'),
            render: (_, c) =>
              c.segmentIds.length
                ? c.segmentIds.map((id) => <Tag key={id}>{segmentName.get(id) ?? id}</Tag>)
                : t('health.allAccounts'),
          },
          { title: t('health.colors'), render: (_, c) => `< ${c.redBelow} · ≥ ${c.greenFrom}` },
          { title: t('health.measures'), render: (_, c) => c.measures.length },
          {
            title: '',
            render: (_, c) => (
              <Space>
                {c.primary ? <Tag color="blue">{t('health.primary')}</Tag> : null}
                {c.active ? null : <Tag>{t('health.inactive')}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            render: (_, c) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(c);
                    setOpen(true);
                  }}
                  data-testid="scorecard-edit"
                >
                  {t('health.edit')}
                </Button>
                {c.primary ? (
                  <Tooltip title={t('health.primaryLocked')}>
                    <Button size="small" danger disabled data-testid="scorecard-delete">
                      {t('health.delete')}
                    </Button>
                  </Tooltip>
                ) : (
                  <Popconfirm title={t('health.deleteConfirm')} onConfirm={() => remove.mutate(c.id)}>
                    <Button size="small" danger data-testid="scorecard-delete">
                      {t('health.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ScorecardModal open={open} card={editing} onClose={() => setOpen(false)} />
    </Card>
  );
}
