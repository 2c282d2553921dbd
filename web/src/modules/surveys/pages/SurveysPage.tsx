import type { SurveyView } from '@shared/surveys';
import { Button, Card, Space, Table, Tag } from 'antd';
import type { Wire } from '@shared/endpoint';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { SendSurveyModal } from '../components/SendSurveyModal';
import { type EditedSurvey, SurveyModal } from '../components/SurveyModal';
import { useSurveys } from '../hooks/useSurveys';

const percent = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)} %` : '—');

/** Surveys sent by Tenure: the list, creating and editing (managers), sending (CSMs), and each one's report. */
export function SurveysPage() {
  const { t } = useTranslation();
  const surveys = useSurveys();
  const canManage = useCan('manage');
  const canWrite = useCan('write');
  const [editing, setEditing] = useState<EditedSurvey | 'new' | null>(null);
  const [sending, setSending] = useState<{ id: string; name: string }>();

  const edit = (s: Wire<SurveyView>): EditedSurvey => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    scale: s.scale,
    question: s.question,
    templateId: s.templateId,
    throttleDays: s.throttleDays,
    active: s.active,
    onTicketClose: s.onTicketClose,
  });

  return (
    <>
      <PageHeader
        title={t('surveys.title')}
        subtitle={t('surveys.subtitle')}
        extra={
          canManage ? (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="survey-new">
              {t('surveys.new')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        {surveys.isError ? (
          <QueryError error={surveys.error} onRetry={() => void surveys.refetch()} />
        ) : (
          <Table
            size="small"
            rowKey="id"
            loading={surveys.isPending}
            dataSource={surveys.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="surveys-table"
            columns={[
              {
                title: t('surveys.name'),
                dataIndex: 'name',
                render: (name: string, s) => <Link to={`/surveys/${s.id}`}>{name}</Link>,
              },
              {
                title: t('surveys.kind'),
                dataIndex: 'kind',
                render: (kind: string, s) => (
                  <Space size={4}>
                    <Tag>{t(`surveys.kinds.${kind}`)}</Tag>
                    {s.onTicketClose ? <Tag color="blue">{t('surveys.afterTicket')}</Tag> : null}
                    {s.active ? null : <Tag color="default">{t('surveys.inactive')}</Tag>}
                  </Space>
                ),
              },
              { title: t('surveys.sent'), dataIndex: 'sent', align: 'right' },
              { title: t('surveys.responded'), dataIndex: 'responded', align: 'right' },
              {
                title: t('surveys.responseRate'),
                key: 'rate',
                align: 'right',
                render: (_, s) => percent(s.responded, s.sent),
              },
              {
                title: '',
                key: 'actions',
                render: (_, s) => (
                  <Space>
                    {canWrite && s.active ? (
                      <Button size="small" onClick={() => setSending(s)} data-testid="survey-send">
                        {t('surveys.send')}
                      </Button>
                    ) : null}
                    {canManage ? (
                      <Button size="small" onClick={() => setEditing(edit(s))} data-testid="survey-edit">
                        {t('surveys.edit')}
                      </Button>
                    ) : null}
                    <Link to={`/surveys/${s.id}`}>{t('surveys.report')}</Link>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <SurveyModal
        key={editing === 'new' ? 'new' : editing?.id}
        open={editing !== null}
        survey={editing === 'new' || editing === null ? undefined : editing}
        onClose={() => setEditing(null)}
      />
      <SendSurveyModal survey={sending} onClose={() => setSending(undefined)} />
    </>
  );
}
