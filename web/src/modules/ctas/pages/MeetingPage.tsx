import { App, Button, Card, DatePicker, Empty, Form, Input, List, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { CtaDrawer } from '../components/CtaDrawer';
import { CtaNav } from '../components/CtaNav';
import { useCtaAction, useMeeting } from '../hooks/useCtas';
import { PRIORITY_COLOURS, reasonText } from '../text';

/** The weekly risk meeting (seed 004): flagged CTAs with their notes; a decision per CTA per meeting date. */
export function MeetingPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [on, setOn] = useState(dayjs().format('YYYY-MM-DD'));
  const [openId, setOpenId] = useState<string>();
  const meeting = useMeeting(on);
  const action = useCtaAction();
  const canWrite = useCan('write');

  return (
    <>
      <PageHeader
        title={t('ctas.pages.meeting')}
        subtitle={t('ctas.meetingSubtitle')}
        extra={<DatePicker value={dayjs(on)} allowClear={false} onChange={(d) => d && setOn(d.format('YYYY-MM-DD'))} />}
      />
      <CtaNav active="meeting" />
      {meeting.isPending ? (
        <Skeleton active />
      ) : meeting.isError ? (
        <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} />
      ) : meeting.data.items.length === 0 ? (
        <Card>
          <Empty description={t('ctas.meetingEmpty')} />
        </Card>
      ) : (
        meeting.data.items.map((c) => (
          <Card
            key={c.id}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid="meeting-cta"
            title={
              <Space>
                <a onClick={() => setOpenId(c.id)}>{reasonText(t, c)}</a>
                <Tag color={PRIORITY_COLOURS[c.priority]}>{t(`ctas.priority.${c.priority}`)}</Tag>
                {c.status === 'closed' ? <Tag>{t('ctas.status.closed')}</Tag> : null}
              </Space>
            }
            extra={<Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link>}
          >
            <Typography.Paragraph type="secondary">
              {t('ctas.flagReason')}: {c.flagReason} · {c.ownerName ?? t('common.unassigned')} · {t('ctas.due')}{' '}
              {formatDate(c.dueOn)}
            </Typography.Paragraph>
            <List
              size="small"
              dataSource={c.meetingNotes}
              locale={{ emptyText: t('ctas.noDecisions') }}
              renderItem={(n) => (
                <List.Item>
                  <List.Item.Meta
                    title={`${formatDate(n.meetingOn)} — ${n.decision}`}
                    description={`${n.notes ?? ''} ${n.authorName ? `(${n.authorName})` : ''}`}
                  />
                </List.Item>
              )}
            />
            {canWrite ? (
              <Form
                layout="inline"
                style={{ marginTop: 8 }}
                onFinish={async (v: { notes?: string; decision: string }) => {
                  try {
                    await action.mutateAsync({ id: c.id, action: 'meeting-notes', body: { meetingOn: on, ...v } });
                    message.success(t('ctas.decisionSaved'));
                  } catch (e) {
                    message.error(errorMessage(e));
                  }
                }}
              >
                <Form.Item name="notes">
                  <Input placeholder={t('ctas.notes')} style={{ width: 240 }} />
                </Form.Item>
                <Form.Item name="decision" rules={[{ required: true, message: t('ctas.required') }]}>
                  <Input placeholder={t('ctas.decision')} style={{ width: 240 }} />
                </Form.Item>
                <Button htmlType="submit" loading={action.isPending}>
                  {t('ctas.recordDecision')}
                </Button>
              </Form>
            ) : null}
          </Card>
        ))
      )}
      <CtaDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </>
  );
}
