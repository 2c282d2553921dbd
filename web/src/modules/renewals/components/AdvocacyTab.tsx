import { ADVOCACY_KINDS, ADVOCACY_STAGES, REFERRAL_STATUSES } from '@shared/renewals';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDate } from '../../../lib/format';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { useCan } from '../../auth/hooks/useMe';
import {
  type Advocate,
  type Candidate,
  type Referral,
  useAddReferral,
  useAdvocates,
  useCandidates,
  useReferrals,
  useTrackAdvocate,
  useUpdateAdvocate,
  useUpdateReferral,
} from '../hooks/useExpansion';

/** Promoters as advocacy candidates, the asks in progress, and referrals. */
export function AdvocacyTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const candidates = useCandidates();
  const advocates = useAdvocates();
  const referrals = useReferrals();
  const track = useTrackAdvocate();
  const updateAdvocate = useUpdateAdvocate();
  const addReferral = useAddReferral();
  const updateReferral = useUpdateReferral();
  const kinds = useEnumOptions('renewals.kinds', ADVOCACY_KINDS);
  const stages = useEnumOptions('renewals.advocacyStages', ADVOCACY_STAGES);
  const statuses = useEnumOptions('renewals.referralStatuses', REFERRAL_STATUSES);
  const [asking, setAsking] = useState<Candidate | null>(null);
  const [referring, setReferring] = useState(false);
  const [askForm] = Form.useForm();
  const [referralForm] = Form.useForm();
  const onError = (e: Error) => message.error(e.message);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('renewals.candidates')} extra={t('renewals.candidatesRule')}>
        {candidates.error ? (
          <QueryError error={candidates.error} compact />
        ) : (
          <Table<Candidate>
            size="small"
            rowKey="accountId"
            loading={candidates.isLoading}
            dataSource={candidates.data ?? []}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: t('renewals.noCandidates') }}
            columns={[
              {
                key: 'account',
                title: t('renewals.account'),
                render: (_, c) => <Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link>,
              },
              { key: 'nps', title: 'NPS', align: 'right', render: (_, c) => c.npsScore },
              { key: 'at', title: t('renewals.npsAt'), render: (_, c) => formatDate(c.npsAt) },
              { key: 'owner', title: t('renewals.owner'), render: (_, c) => c.ownerName ?? t('common.unassigned') },
              {
                key: 'tracked',
                title: t('renewals.tracked'),
                render: (_, c) => c.trackedKinds.map((k) => <Tag key={k}>{t(`renewals.kinds.${k}`)}</Tag>),
              },
              ...(canWrite
                ? [
                    {
                      key: 'ask',
                      title: '',
                      render: (_: unknown, c: Candidate) => (
                        <Button size="small" onClick={() => setAsking(c)}>
                          {t('renewals.ask')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('renewals.advocates')}>
        {advocates.error ? (
          <QueryError error={advocates.error} compact />
        ) : (
          <Table<Advocate>
            size="small"
            rowKey="id"
            loading={advocates.isLoading}
            dataSource={advocates.data ?? []}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: t('renewals.noAdvocates') }}
            columns={[
              {
                key: 'account',
                title: t('renewals.account'),
                render: (_, a) => <Link to={`/accounts/${a.accountId}`}>{a.accountName}</Link>,
              },
              { key: 'kind', title: t('renewals.kind'), render: (_, a) => t(`renewals.kinds.${a.kind}`) },
              {
                key: 'stage',
                title: t('renewals.stage'),
                render: (_, a) =>
                  canWrite ? (
                    <Select
                      size="small"
                      style={{ minWidth: 130 }}
                      value={a.stage}
                      options={stages}
                      onChange={(stage) => updateAdvocate.mutate({ id: a.id, stage }, { onError })}
                    />
                  ) : (
                    t(`renewals.advocacyStages.${a.stage}`)
                  ),
              },
              { key: 'notes', title: t('renewals.comment'), render: (_, a) => a.notes ?? '' },
              { key: 'updated', title: t('renewals.updated'), render: (_, a) => formatDate(a.updatedAt) },
            ]}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('renewals.referrals')}
        extra={
          canWrite ? (
            <Button size="small" onClick={() => setReferring(true)}>
              {t('renewals.addReferral')}
            </Button>
          ) : null
        }
      >
        {referrals.error ? (
          <QueryError error={referrals.error} compact />
        ) : (
          <Table<Referral>
            size="small"
            rowKey="id"
            loading={referrals.isLoading}
            dataSource={referrals.data ?? []}
            pagination={{ pageSize: 10 }}
            locale={{ emptyText: t('renewals.noReferrals') }}
            columns={[
              {
                key: 'from',
                title: t('renewals.referredBy'),
                render: (_, r) => <Link to={`/accounts/${r.accountId}`}>{r.accountName}</Link>,
              },
              { key: 'company', title: t('renewals.referredCompany'), dataIndex: 'referredCompany' },
              {
                key: 'status',
                title: t('renewals.status'),
                render: (_, r) =>
                  canWrite ? (
                    <Select
                      size="small"
                      style={{ minWidth: 130 }}
                      value={r.status}
                      options={statuses}
                      onChange={(status) => updateReferral.mutate({ id: r.id, status }, { onError })}
                    />
                  ) : (
                    t(`renewals.referralStatuses.${r.status}`)
                  ),
              },
              {
                key: 'became',
                title: t('renewals.becameCustomer'),
                render: (_, r) =>
                  r.becameCustomer ? <Tag color="green">{r.referredAccountName ?? t('renewals.yes')}</Tag> : '—',
              },
              { key: 'created', title: t('renewals.updated'), render: (_, r) => formatDate(r.createdAt) },
            ]}
          />
        )}
      </Card>
      <Modal
        open={Boolean(asking)}
        title={t('renewals.askTitle', { name: asking?.accountName ?? '' })}
        onCancel={() => setAsking(null)}
        onOk={() => askForm.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={askForm}
          layout="vertical"
          initialValues={{ kind: 'reference_call', stage: 'asked' }}
          onFinish={(v) =>
            track.mutate(
              { accountId: asking!.accountId, kind: v.kind, stage: v.stage, notes: v.notes || null },
              {
                onSuccess: () => setAsking(null),
                onError,
              },
            )
          }
        >
          <Form.Item name="kind" label={t('renewals.kind')}>
            <Select options={kinds} />
          </Form.Item>
          <Form.Item name="stage" label={t('renewals.stage')}>
            <Select options={stages} />
          </Form.Item>
          <Form.Item name="notes" label={t('renewals.comment')}>
            <Input.TextArea maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={referring}
        title={t('renewals.addReferral')}
        onCancel={() => setReferring(false)}
        onOk={() => referralForm.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form
          form={referralForm}
          layout="vertical"
          initialValues={{ status: 'introduced' }}
          onFinish={(v) =>
            addReferral.mutate(
              { accountId: v.accountId, referredCompany: v.referredCompany, status: v.status },
              {
                onSuccess: () => {
                  setReferring(false);
                  referralForm.resetFields();
                },
                onError,
              },
            )
          }
        >
          <Form.Item name="accountId" label={t('renewals.referredBy')} rules={[{ required: true }]}>
            <AccountSelect />
          </Form.Item>
          <Form.Item name="referredCompany" label={t('renewals.referredCompany')} rules={[{ required: true }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="status" label={t('renewals.status')}>
            <Select options={statuses} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
