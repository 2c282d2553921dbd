import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CLOSE_OUTCOMES } from '@shared/ctas';
import { errorMessage } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useCta, useCtaAction } from '../hooks/useCtas';
import { named, PRIORITY_COLOURS, reasonText, TYPE_COLOURS } from '../text';
import { TaskEmailModal } from './TaskEmailModal';

type Panel = 'snooze' | 'flag' | 'close' | null;

/** One CTA, worked end to end: tasks, comments, snooze, flag for other teams, close with an outcome. */
export function CtaDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const cta = useCta(id);
  const action = useCtaAction();
  const canWrite = useCan('write');
  const [panel, setPanel] = useState<Panel>(null);
  const [comment, setComment] = useState('');
  const [emailTaskId, setEmailTaskId] = useState<string>();
  const outcomes = useEnumOptions('ctas.outcome', CLOSE_OUTCOMES);
  const c = cta.data;

  // Every action says what it did: closing and flagging in words of their own, the others "Saved".
  const run = async (input: Parameters<typeof action.mutateAsync>[0], done = t('common.saved')) => {
    try {
      await action.mutateAsync(input);
      message.success(done);
      setPanel(null);
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    }
  };
  const active = c && c.status !== 'closed' && canWrite;

  return (
    <Drawer
      open={Boolean(id)}
      onClose={() => {
        setPanel(null);
        onClose();
      }}
      width={640}
      title={c ? reasonText(t, c) : t('ctas.detail')}
      destroyOnHidden
      data-testid="cta-drawer"
    >
      {cta.isPending ? (
        <Skeleton active />
      ) : cta.isError ? (
        <QueryError error={cta.error} onRetry={() => void cta.refetch()} compact />
      ) : c ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag color={TYPE_COLOURS[c.type]}>{t(`ctas.type.${c.type}`)}</Tag>
            <Tag color={PRIORITY_COLOURS[c.priority]}>{t(`ctas.priority.${c.priority}`)}</Tag>
            <Tag data-testid="cta-status">{t(`ctas.status.${c.status}`)}</Tag>
            {c.overdue ? <Tag color="error">{t('ctas.overdue')}</Tag> : null}
            {c.flagged ? (
              <Tag color="magenta" data-testid="cta-flagged">
                {t('ctas.flagged')}
              </Tag>
            ) : null}
          </Space>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('ctas.account')}>
              <Link to={`/accounts/${c.accountId}`} data-testid="cta-account-link">
                {c.accountName}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('ctas.reasonLabel')}>{reasonText(t, c)}</Descriptions.Item>
            {c.ruleId ? (
              <Descriptions.Item label={t('ctas.ruleLabel')}>
                {named(t, 'rule', c.ruleKey, c.ruleName)}
              </Descriptions.Item>
            ) : null}
            {c.playbookId ? (
              <Descriptions.Item label={t('ctas.playbookLabel')}>
                {named(t, 'playbook', c.playbookKey, c.playbookName)}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('ctas.owner')}>{c.ownerName ?? t('common.unassigned')}</Descriptions.Item>
            <Descriptions.Item label={t('ctas.due')}>{formatDate(c.dueOn)}</Descriptions.Item>
            <Descriptions.Item label={t('ctas.opened')}>{formatDateTime(c.openedAt)}</Descriptions.Item>
            {c.status === 'snoozed' ? (
              <Descriptions.Item label={t('ctas.snoozedUntil')}>
                {formatDate(c.snoozedUntil)} — {c.snoozeReason}
              </Descriptions.Item>
            ) : null}
            {c.flagged ? (
              <Descriptions.Item label={t('ctas.flagReason')}>
                {c.flagReason}
                {c.flaggedByName ? ` (${c.flaggedByName})` : ''}
              </Descriptions.Item>
            ) : null}
            {c.status === 'closed' ? (
              <Descriptions.Item label={t('ctas.outcomeLabel')}>
                {c.outcome ? t(`ctas.outcome.${c.outcome}`) : ''}
                {c.closeReason ? ` — ${c.closeReason}` : ''}
              </Descriptions.Item>
            ) : null}
          </Descriptions>

          {active ? (
            <Space wrap style={{ marginTop: 16 }}>
              {c.status === 'snoozed' ? (
                <Button onClick={() => void run({ id: c.id, action: 'wake' })} data-testid="cta-wake">
                  {t('ctas.wake')}
                </Button>
              ) : (
                <Button onClick={() => setPanel('snooze')} data-testid="cta-snooze">
                  {t('ctas.snooze')}
                </Button>
              )}
              {c.flagged ? (
                <Button onClick={() => void run({ id: c.id, action: 'flag', body: { flagged: false } })}>
                  {t('ctas.unflag')}
                </Button>
              ) : (
                <Button onClick={() => setPanel('flag')} data-testid="cta-flag">
                  {t('ctas.flag')}
                </Button>
              )}
              <Button type="primary" onClick={() => setPanel('close')} data-testid="cta-close">
                {t('ctas.close')}
              </Button>
            </Space>
          ) : null}
          {panel === 'snooze' ? (
            <Form
              layout="vertical"
              style={{ marginTop: 12 }}
              onFinish={(v: { until: dayjs.Dayjs; reason: string }) =>
                void run(
                  { id: c.id, action: 'snooze', body: { until: v.until.format('YYYY-MM-DD'), reason: v.reason } },
                  t('ctas.snoozed'),
                )
              }
            >
              <Form.Item
                name="until"
                label={t('ctas.snoozeUntil')}
                rules={[{ required: true, message: t('ctas.required') }]}
              >
                <DatePicker
                  data-testid="cta-snooze-until"
                  disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day')}
                />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('ctas.snoozeReason')}
                rules={[{ required: true, message: t('ctas.required') }]}
              >
                <Input data-testid="cta-snooze-reason" />
              </Form.Item>
              <Button htmlType="submit" loading={action.isPending} data-testid="cta-snooze-submit">
                {t('ctas.snooze')}
              </Button>
            </Form>
          ) : null}
          {panel === 'flag' ? (
            <Form
              layout="vertical"
              style={{ marginTop: 12 }}
              onFinish={(v: { reason: string }) =>
                void run({ id: c.id, action: 'flag', body: { flagged: true, reason: v.reason } }, t('ctas.flaggedDone'))
              }
            >
              <Form.Item
                name="reason"
                label={t('ctas.flagWhy')}
                rules={[{ required: true, message: t('ctas.required') }]}
              >
                <Input.TextArea rows={2} data-testid="cta-flag-reason" />
              </Form.Item>
              <Button htmlType="submit" loading={action.isPending} data-testid="cta-flag-submit">
                {t('ctas.flag')}
              </Button>
            </Form>
          ) : null}
          {panel === 'close' ? (
            <Form
              layout="vertical"
              style={{ marginTop: 12 }}
              onFinish={(v: { outcome: (typeof CLOSE_OUTCOMES)[number]; reason: string }) =>
                void run({ id: c.id, action: 'close', body: v }, t('ctas.closedDone'))
              }
            >
              <Form.Item
                name="outcome"
                label={t('ctas.outcomeLabel')}
                rules={[{ required: true, message: t('ctas.required') }]}
              >
                <Select options={outcomes} data-testid="cta-close-outcome" />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('ctas.closeReason')}
                rules={[{ required: true, message: t('ctas.required') }]}
              >
                <Input.TextArea rows={2} data-testid="cta-close-reason" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={action.isPending} data-testid="cta-close-submit">
                {t('ctas.close')}
              </Button>
            </Form>
          ) : null}

          <Divider orientation="left">
            {t('ctas.tasks')} ({c.tasks.filter((x) => x.doneAt).length}/{c.tasks.length})
          </Divider>
          {c.tasks.length ? (
            <List
              size="small"
              dataSource={c.tasks}
              renderItem={(task) => (
                <List.Item data-testid="cta-task">
                  <Checkbox
                    checked={Boolean(task.doneAt)}
                    disabled={!canWrite || action.isPending}
                    onChange={(e) =>
                      void run({ id: c.id, action: 'task', taskId: task.id, body: { done: e.target.checked } })
                    }
                  >
                    <Typography.Text delete={Boolean(task.doneAt)}>
                      {named(t, 'task', task.key, task.title)}
                    </Typography.Text>
                  </Checkbox>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {task.ownerRole ? `${t(`roles.${task.ownerRole}`, { defaultValue: task.ownerRole })} · ` : ''}
                    {formatDate(task.dueOn)}
                    {task.emailTemplate && !task.emailSentAt ? ` · ${t('ctas.hasEmail')}` : ''}
                  </Typography.Text>
                  {task.emailSentAt ? (
                    <Tag color="green" data-testid="cta-task-email-sent">
                      {t('ctas.emailSentTo', { email: task.emailTo, when: formatDateTime(task.emailSentAt) })}
                    </Tag>
                  ) : task.emailTemplate && active ? (
                    <Button size="small" onClick={() => setEmailTaskId(task.id)} data-testid="cta-task-email">
                      {t('ctas.writeEmail')}
                    </Button>
                  ) : null}
                </List.Item>
              )}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ctas.noTasks')} />
          )}

          <Divider orientation="left">{t('ctas.comments')}</Divider>
          <List
            size="small"
            dataSource={c.comments}
            locale={{ emptyText: t('ctas.noComments') }}
            renderItem={(m) => (
              <List.Item data-testid="cta-comment">
                <List.Item.Meta
                  title={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {m.authorName ?? ''} · {formatDateTime(m.createdAt)}
                    </Typography.Text>
                  }
                  description={<Typography.Text>{m.body}</Typography.Text>}
                />
              </List.Item>
            )}
          />
          {canWrite ? (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                placeholder={t('ctas.commentPlaceholder')}
                data-testid="cta-comment-input"
              />
              <Button
                disabled={!comment.trim()}
                loading={action.isPending}
                data-testid="cta-comment-submit"
                onClick={() =>
                  void run({ id: c.id, action: 'comments', body: { body: comment } }).then((ok) => ok && setComment(''))
                }
              >
                {t('ctas.addComment')}
              </Button>
            </Space.Compact>
          ) : null}

          {c.meetingNotes.length ? (
            <>
              <Divider orientation="left">{t('ctas.meetingNotes')}</Divider>
              <List
                size="small"
                dataSource={c.meetingNotes}
                renderItem={(n) => (
                  <List.Item>
                    <List.Item.Meta title={`${formatDate(n.meetingOn)} — ${n.decision}`} description={n.notes} />
                  </List.Item>
                )}
              />
            </>
          ) : null}
          <TaskEmailModal
            ctaId={c.id}
            task={c.tasks.find((x) => x.id === emailTaskId)}
            onClose={() => setEmailTaskId(undefined)}
          />
        </>
      ) : null}
    </Drawer>
  );
}
