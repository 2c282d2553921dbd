import type { Objective } from '@shared/successplans';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Empty,
  Input,
  Popconfirm,
  Progress,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatDate, formatDecimal } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import {
  useApplyTemplate,
  useCreateLink,
  useCreateTask,
  useDeleteObjective,
  useDeleteTask,
  usePlan,
  usePlanTemplates,
  useRevokeLink,
  useUpdateTask,
  useValuePoints,
} from '../hooks/useSuccessPlans';
import { ObjectiveModal } from './ObjectiveModal';
import { pointName } from './ValueNeedsCard';

const STATUS_COLOURS: Record<Objective['status'], string> = {
  not_started: 'default',
  on_track: 'processing',
  at_risk: 'warning',
  achieved: 'success',
  missed: 'error',
};

/** The account's success plan: objectives with their targets and progress, tasks, templates, the share link. */
export function SuccessPlanTab({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCan('write');
  const plan = usePlan(accountId);
  const points = useValuePoints();
  const templates = usePlanTemplates();
  const apply = useApplyTemplate(accountId);
  const createLink = useCreateLink(accountId);
  const revokeLink = useRevokeLink(accountId);
  const [editing, setEditing] = useState<{
    objective: Objective | null;
    preset?: { title: string; valuePointId: string };
  } | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [shareUrl, setShareUrl] = useState<string | null>(null);

  if (plan.isPending) return <Skeleton active />;
  if (plan.isError) return <QueryError compact error={plan.error} onRetry={() => void plan.refetch()} />;
  const { objectives, needs, suggestedTemplate, link } = plan.data;
  const byId = new Map((points.data ?? []).map((p) => [p.id, p]));
  const unplanned = needs.filter(
    (n) => !objectives.some((o) => o.valuePointId === n.valuePointId) && byId.has(n.valuePointId),
  );
  const chosenTemplate = templateId ?? suggestedTemplate?.id ?? null;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="success-plan">
      {canWrite ? (
        <Space wrap>
          <Button type="primary" onClick={() => setEditing({ objective: null })} data-testid="objective-add">
            {t('successPlans.addObjective')}
          </Button>
          <Select
            style={{ minWidth: 200 }}
            placeholder={t('successPlans.template')}
            value={chosenTemplate}
            onChange={setTemplateId}
            options={(templates.data ?? []).map((tp) => ({
              value: tp.id,
              label: tp.id === suggestedTemplate?.id ? `${tp.name} (${t('successPlans.suggested')})` : tp.name,
            }))}
          />
          <Button
            disabled={!chosenTemplate}
            loading={apply.isPending}
            onClick={() => chosenTemplate && apply.mutate(chosenTemplate)}
          >
            {t('successPlans.applyTemplate')}
          </Button>
          {link ? (
            <>
              <Typography.Text type="secondary">
                {t('successPlans.linkActive', { date: formatDate(String(link.createdAt)) })}
              </Typography.Text>
              <Popconfirm title={t('successPlans.revokeConfirm')} onConfirm={() => revokeLink.mutate(undefined)}>
                <Button danger data-testid="share-revoke">
                  {t('successPlans.revokeLink')}
                </Button>
              </Popconfirm>
            </>
          ) : null}
          <Button
            loading={createLink.isPending}
            onClick={() => createLink.mutate(undefined, { onSuccess: (r) => setShareUrl(r.url) })}
            data-testid="share-create"
          >
            {link ? t('successPlans.newLink') : t('successPlans.createLink')}
          </Button>
        </Space>
      ) : null}
      {shareUrl ? (
        <Alert
          type="success"
          closable
          onClose={() => setShareUrl(null)}
          message={t('successPlans.linkOnce')}
          description={
            <Typography.Text copyable data-testid="share-url">
              {shareUrl}
            </Typography.Text>
          }
        />
      ) : null}
      {canWrite && unplanned.length ? (
        <Space wrap>
          <Typography.Text type="secondary">{t('successPlans.fromNeeds')}</Typography.Text>
          {unplanned.map((n) => {
            const p = byId.get(n.valuePointId);
            if (!p) return null;
            return (
              <Button
                key={n.valuePointId}
                size="small"
                onClick={() =>
                  setEditing({ objective: null, preset: { title: pointName(p, i18n.language), valuePointId: p.id } })
                }
              >
                + {pointName(p, i18n.language)}
              </Button>
            );
          })}
        </Space>
      ) : null}
      {objectives.length === 0 ? <Empty description={t('successPlans.empty')} /> : null}
      {objectives.map((o) => (
        <ObjectiveCard
          key={o.id}
          accountId={accountId}
          objective={o}
          valuePoint={
            o.valuePointId && byId.get(o.valuePointId) ? pointName(byId.get(o.valuePointId)!, i18n.language) : null
          }
          canWrite={canWrite}
          onEdit={() => setEditing({ objective: o })}
        />
      ))}
      <ObjectiveModal
        accountId={accountId}
        open={editing !== null}
        objective={editing?.objective ?? null}
        preset={editing?.preset ?? null}
        onClose={() => setEditing(null)}
      />
    </Space>
  );
}

function ObjectiveCard({
  accountId,
  objective: o,
  valuePoint,
  canWrite,
  onEdit,
}: {
  accountId: string;
  objective: Objective;
  valuePoint: string | null;
  canWrite: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteObjective(accountId);
  const addTask = useCreateTask(accountId);
  const updateTask = useUpdateTask(accountId);
  const deleteTask = useDeleteTask(accountId);
  const [task, setTask] = useState('');
  const number = (n: number | null) => (n === null ? '—' : formatDecimal(n, Number.isInteger(n) ? 0 : 1));
  return (
    <Card
      size="small"
      data-testid="objective-card"
      title={<span style={{ whiteSpace: 'normal' }}>{o.title}</span>}
      extra={
        <Space wrap>
          <Tag color={STATUS_COLOURS[o.status]} data-testid="objective-status-tag">
            {t(`successPlans.status.${o.status}`)}
          </Tag>
          {canWrite ? (
            <>
              <Button size="small" onClick={onEdit}>
                {t('common.edit')}
              </Button>
              <Popconfirm title={t('successPlans.deleteConfirm')} onConfirm={() => remove.mutate(o.id)}>
                <Button size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </>
          ) : null}
        </Space>
      }
    >
      <Space wrap size="large">
        {o.owner ? <span>{t('successPlans.ownerIs', { name: o.owner.name })}</span> : null}
        {o.dueOn ? <span>{t('successPlans.dueOn', { date: formatDate(o.dueOn) })}</span> : null}
        {valuePoint ? <Tag>{valuePoint}</Tag> : null}
      </Space>
      {o.neededOutcome ? (
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          <Typography.Text type="secondary">{t('successPlans.fields.neededOutcome')}: </Typography.Text>
          {o.neededOutcome}
        </Typography.Paragraph>
      ) : null}
      {o.target ? (
        <div style={{ marginTop: 8 }} data-testid="objective-progress">
          <Typography.Text>
            {t('successPlans.targetLine', {
              metric: t(`successPlans.metric.${o.target.kind}`),
              key: o.target.key ? ` · ${o.target.key}` : '',
              comparator: o.target.comparator === '>=' ? '≥' : '≤',
              value: number(o.target.value),
              current: number(o.current),
            })}
          </Typography.Text>
          <Progress percent={o.progress === null ? 0 : Math.round(o.progress * 100)} size="small" />
        </div>
      ) : null}
      <div style={{ marginTop: 8 }}>
        {o.tasks.map((tk) => (
          <div key={tk.id} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <Checkbox
              checked={tk.done}
              disabled={!canWrite}
              onChange={(e) => updateTask.mutate({ id: tk.id, body: { done: e.target.checked } })}
            >
              <span style={tk.done ? { textDecoration: 'line-through' } : undefined}>{tk.title}</span>
            </Checkbox>
            {tk.dueOn ? <Typography.Text type="secondary">{formatDate(tk.dueOn)}</Typography.Text> : null}
            {tk.owner ? <Typography.Text type="secondary">{tk.owner.name}</Typography.Text> : null}
            {canWrite ? (
              <Button type="link" size="small" danger onClick={() => deleteTask.mutate(tk.id)}>
                {t('common.delete')}
              </Button>
            ) : null}
          </div>
        ))}
        {canWrite ? (
          <Space.Compact style={{ marginTop: 8, maxWidth: 420, width: '100%' }}>
            <Input
              value={task}
              placeholder={t('successPlans.taskPlaceholder')}
              onChange={(e) => setTask(e.target.value)}
              onPressEnter={() =>
                task.trim() &&
                addTask.mutate({ objectiveId: o.id, body: { title: task.trim() } }, { onSuccess: () => setTask('') })
              }
            />
            <Button
              disabled={!task.trim()}
              loading={addTask.isPending}
              onClick={() =>
                addTask.mutate({ objectiveId: o.id, body: { title: task.trim() } }, { onSuccess: () => setTask('') })
              }
            >
              {t('successPlans.addTask')}
            </Button>
          </Space.Compact>
        ) : null}
      </div>
    </Card>
  );
}
