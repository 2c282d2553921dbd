import { PlusOutlined } from '@ant-design/icons';
import type { Wire } from '@shared/endpoint';
import { type JourneyView, PARTICIPANT_STATUSES, type ParticipantStatus, type ParticipantView } from '@shared/journeys';
import { Button, Flex, Input, Popconfirm, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { useDebounced } from '../../../hooks/useDebounced';
import { formatDateTime } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useParticipants, useRemoveParticipant } from '../hooks/useJourneys';
import { stepTitle } from '../summary';
import { EnrolModal } from './EnrolModal';

const STATUS_COLORS: Record<ParticipantStatus, string> = {
  active: 'blue',
  waiting: 'gold',
  completed: 'green',
  exited: 'default',
};

/** Who is in the journey and where: paged, filtered by status and step, searched; removing and enrolling by hand. */
export function ParticipantsTab({ journey }: { journey: Wire<JourneyView> }) {
  const { t } = useTranslation();
  const open = journey.status !== 'archived';
  // Enrolling is for anyone who works on accounts; taking someone out is a manager's call.
  const canEnrol = useCan('write') && open;
  const canRemove = useCan('manage') && open;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [status, setStatus] = useState<ParticipantStatus>();
  const [stepId, setStepId] = useState<string>();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300) || undefined;
  const participants = useParticipants(journey.id, { page, pageSize, status, stepId, q });
  const remove = useRemoveParticipant(journey.id);
  const [enrolling, setEnrolling] = useState(false);
  // Steps as the published version names them (people are placed on it), else as drafted.
  const steps = (journey.published ?? journey.draft).steps;
  const stepLabels = new Map(steps.map((s) => [s.id, stepTitle(t, s)]));
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => reset(setSearch)(e.target.value)}
          placeholder={t('journeys.participants.search')}
          style={{ width: 240 }}
          data-testid="participants-search"
        />
        <Select
          allowClear
          value={status}
          onChange={reset(setStatus)}
          placeholder={t('journeys.participants.status')}
          options={PARTICIPANT_STATUSES.map((s) => ({ value: s, label: t(`journeys.participantStatuses.${s}`) }))}
          style={{ width: 160 }}
          data-testid="participants-status"
        />
        <Select
          allowClear
          value={stepId}
          onChange={reset(setStepId)}
          placeholder={t('journeys.participants.step')}
          options={steps.map((s) => ({ value: s.id, label: stepLabels.get(s.id) }))}
          style={{ width: 200 }}
          data-testid="participants-step"
        />
        <div style={{ flex: 1 }} />
        {canEnrol ? (
          <Button icon={<PlusOutlined />} onClick={() => setEnrolling(true)} data-testid="journey-enrol">
            {t('journeys.enrol.open')}
          </Button>
        ) : null}
      </Flex>
      {participants.isError ? (
        <QueryError error={participants.error} onRetry={() => void participants.refetch()} compact />
      ) : (
        <Table<Wire<ParticipantView>>
          size="small"
          rowKey="id"
          loading={participants.isFetching}
          dataSource={participants.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="participants-table"
          pagination={{
            current: page,
            pageSize,
            total: participants.data?.total ?? 0,
            showSizeChanger: true,
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
          columns={[
            {
              title: t('journeys.participants.account'),
              dataIndex: 'accountName',
              render: (name: string, p) => <Link to={`/accounts/${p.accountId}`}>{name}</Link>,
            },
            { title: t('journeys.participants.contact'), dataIndex: 'contactName', render: (n) => n ?? '—' },
            {
              title: t('journeys.participants.step'),
              dataIndex: 'stepId',
              render: (id: string | null) => (id ? (stepLabels.get(id) ?? id) : '—'),
            },
            {
              title: t('journeys.participants.status'),
              dataIndex: 'status',
              render: (s: ParticipantStatus) => (
                <Tag color={STATUS_COLORS[s]}>{t(`journeys.participantStatuses.${s}`)}</Tag>
              ),
            },
            { title: t('journeys.participants.nextAt'), dataIndex: 'nextAt', render: (d) => formatDateTime(d) || '—' },
            { title: t('journeys.participants.entered'), dataIndex: 'enteredAt', render: (d) => formatDateTime(d) },
            {
              title: t('journeys.participants.leftReason'),
              dataIndex: 'leftReason',
              render: (r: string | null) => (r ? t(`journeys.leftReasons.${r}`, { defaultValue: r }) : '—'),
            },
            ...(canRemove
              ? [
                  {
                    title: '',
                    key: 'remove',
                    render: (_: unknown, p: Wire<ParticipantView>) =>
                      p.leftAt ? null : (
                        <Popconfirm
                          title={t('journeys.participants.removeConfirm', { name: p.contactName ?? p.accountName })}
                          onConfirm={() => remove.mutate(p.id)}
                        >
                          <Button size="small" danger data-testid="participant-remove">
                            {t('journeys.participants.remove')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <EnrolModal journeyId={journey.id} open={enrolling} onClose={() => setEnrolling(false)} />
    </>
  );
}
