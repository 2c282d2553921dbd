import { Card, Col, Empty, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useOwnerOptions, useTeam } from '../../../hooks/useOptions';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';
import { named } from '../../ctas/text';
import { useSegments } from '../../segments/hooks/useSegments';
import { type BoardAccount, useBoard, useRisk } from '../hooks/useOnboarding';

const COLOURS = { green: 'success', yellow: 'warning', red: 'error' } as const;

/** Onboarding (seed 004, Gainsight): a column per milestone, a card per account; risk per onboarding manager. */
export function OnboardingPage() {
  const { t } = useTranslation();
  // A link may name the CSM (?ownerId=…, the Home's tiles).
  const [params] = useSearchParams();
  const [filter, setFilter] = useState<{ onboardingManagerId?: string; ownerId?: string; segmentId?: string }>(() => ({
    ownerId: params.get('ownerId') ?? undefined,
  }));
  const board = useBoard(filter);
  const risk = useRisk();
  const team = useTeam();
  const owners = useOwnerOptions();
  const segments = useSegments();
  const managers = (team.data ?? [])
    .filter((u) => u.role === 'onboarding')
    .map((u) => ({ value: u.id, label: u.name }));
  const colourOf = new Map((risk.data?.accounts ?? []).map((a) => [a.accountId, a.colour]));
  const done = t('onboarding.done');

  const card = (a: BoardAccount) => {
    const colour = colourOf.get(a.id) ?? 'green';
    return (
      <Card
        key={a.id}
        size="small"
        style={{ marginBottom: 8, borderColor: a.overdue ? '#ff4d4f' : undefined }}
        data-testid={a.overdue ? 'board-card-overdue' : 'board-card'}
      >
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Link to={`/accounts/${a.id}`}>{a.name}</Link>
          <Tag color={COLOURS[colour]}>{t(`onboarding.colour.${colour}`)}</Tag>
        </Space>
        <div>
          <Typography.Text type={a.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {a.currentDueOn ? `${t('onboarding.due')} ${formatDate(a.currentDueOn)}` : done}
            {a.overdue ? ` · ${t('ctas.overdue')}` : ''}
          </Typography.Text>
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {a.onboardingManagerName ?? t('common.unassigned')} · {a.ownerName ?? t('common.unassigned')}
        </Typography.Text>
      </Card>
    );
  };

  return (
    <>
      <PageHeader title={t('nav.onboarding')} subtitle={t('onboarding.subtitle')} />
      <Card
        title={t('onboarding.riskTitle')}
        style={{ marginBottom: 16 }}
        extra={
          risk.data ? (
            <Typography.Text type="secondary">{t('onboarding.weights', risk.data.weights)}</Typography.Text>
          ) : null
        }
      >
        {risk.isError ? (
          <QueryError error={risk.error} onRetry={() => void risk.refetch()} compact />
        ) : (
          <Table
            rowKey={(m) => m.onboardingManagerId ?? 'none'}
            size="small"
            pagination={false}
            loading={risk.isPending}
            dataSource={risk.data?.managers}
            data-testid="onboarding-risk"
            columns={[
              {
                title: t('onboarding.manager'),
                key: 'm',
                render: (_, m) => m.onboardingManagerName ?? t('common.unassigned'),
              },
              { title: t('onboarding.accounts'), dataIndex: 'accounts', align: 'right' },
              { title: t('onboarding.colour.green'), dataIndex: 'green', align: 'right' },
              { title: t('onboarding.colour.yellow'), dataIndex: 'yellow', align: 'right' },
              { title: t('onboarding.colour.red'), dataIndex: 'red', align: 'right' },
              { title: t('onboarding.score'), dataIndex: 'score', align: 'right', render: formatNumber },
              {
                title: t('onboarding.arrAtRisk'),
                dataIndex: 'arrAtRiskMinor',
                align: 'right',
                render: (v: number) => formatMoney(v, risk.data!.currency),
              },
            ]}
          />
        )}
      </Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('onboarding.manager')}
          options={managers}
          value={filter.onboardingManagerId}
          onChange={(onboardingManagerId) => setFilter((f) => ({ ...f, onboardingManagerId }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          placeholder={t('fields.owner_id')}
          options={owners}
          value={filter.ownerId}
          onChange={(ownerId) => setFilter((f) => ({ ...f, ownerId }))}
        />
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t('nav.segments')}
          options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={filter.segmentId}
          onChange={(segmentId) => setFilter((f) => ({ ...f, segmentId }))}
        />
      </Space>
      {board.isPending ? (
        <Skeleton active />
      ) : board.isError ? (
        <QueryError error={board.error} onRetry={() => void board.refetch()} />
      ) : board.data.accounts.length === 0 ? (
        <Card>
          <Empty description={t('onboarding.empty')} />
        </Card>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <Row gutter={12} wrap={false} data-testid="onboarding-board">
            {[
              ...board.data.templates.map((tpl) => ({
                id: tpl.id as string | null,
                title: named(t, 'milestone', tpl.key, tpl.name),
                days: tpl.dueDays as number | null,
              })),
              { id: null, title: done, days: null },
            ].map((col) => {
              const cards = board.data.accounts.filter((a) => a.currentTemplateId === col.id);
              return (
                <Col key={col.id ?? 'done'} flex="0 0 240px">
                  <Card
                    size="small"
                    title={
                      <span>
                        {col.title} <Typography.Text type="secondary">({cards.length})</Typography.Text>
                      </span>
                    }
                    extra={
                      col.days !== null ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('onboarding.dayN', { n: col.days })}
                        </Typography.Text>
                      ) : null
                    }
                    styles={{ body: { background: '#fafafa', minHeight: 120, maxHeight: 640, overflowY: 'auto' } }}
                  >
                    {cards.map(card)}
                  </Card>
                </Col>
              );
            })}
          </Row>
        </div>
      )}
    </>
  );
}
