import { toMinorUnits } from '@shared/money';
import { OPPORTUNITY_STAGES, type OpportunityStage } from '@shared/renewals';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { formatDate, formatDateTime, formatMoney } from '../../../lib/format';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { useCan } from '../../auth/hooks/useMe';
import { useOrganisation } from '../../auth/hooks/useOrganisation';
import { type Opportunity, useOpportunities, useOpportunityHistory, useSaveOpportunity } from '../hooks/useExpansion';

/** Expansion opportunities by stage with totals, a create form and each one's stage history. */
export function ExpansionTab() {
  const { t } = useTranslation();
  // A new opportunity is in the base currency (the server's default), so its amount is typed in it.
  const base = useOrganisation().currency;
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const [query, setQuery] = useState<{ stage?: OpportunityStage; page: number; pageSize: number }>({
    page: 1,
    pageSize: 25,
  });
  const list = useOpportunities(query);
  const save = useSaveOpportunity();
  const stages = useEnumOptions('renewals.stages', OPPORTUNITY_STAGES);
  const [creating, setCreating] = useState(false);
  const [historyOf, setHistoryOf] = useState<Opportunity | null>(null);
  const history = useOpportunityHistory(historyOf?.id ?? null);
  const [form] = Form.useForm();

  if (list.error) return <QueryError error={list.error} onRetry={() => list.refetch()} compact />;

  const create = async (values: {
    accountId: string;
    title: string;
    amount?: number;
    expectedCloseOn?: { format(f: string): string };
    product?: string;
    notes?: string;
  }) => {
    try {
      await save.mutateAsync({
        accountId: values.accountId,
        title: values.title,
        amountMinor: toMinorUnits(values.amount ?? 0, base),
        expectedCloseOn: values.expectedCloseOn?.format('YYYY-MM-DD') ?? null,
        product: values.product || null,
        notes: values.notes || null,
      });
      setCreating(false);
      form.resetFields();
    } catch (error) {
      if (error instanceof ApiError && error.issues.length)
        form.setFields(
          error.issues.map((i) => ({ name: i.path.replace(/^body\./, ''), errors: [i.message] })) as never,
        );
      else message.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={12}>
        {(list.data?.byStage ?? []).map((s) => (
          <Col key={s.stage} flex="1">
            <Card
              size="small"
              hoverable
              onClick={() => setQuery((q) => ({ ...q, page: 1, stage: q.stage === s.stage ? undefined : s.stage }))}
              style={query.stage === s.stage ? { borderColor: '#2563eb' } : undefined}
            >
              <Statistic
                title={`${t(`renewals.stages.${s.stage}`)} · ${s.count}`}
                value={
                  s.amounts.map((a) => formatMoney(a.amountMinor, a.currency, { narrow: true })).join(' + ') || '—'
                }
              />
            </Card>
          </Col>
        ))}
      </Row>
      {canWrite ? (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="new-opportunity">
          {t('renewals.newOpportunity')}
        </Button>
      ) : null}
      <Table<Opportunity>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('renewals.noOpportunities') }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0 }}
        onChange={(p) => setQuery((q) => ({ ...q, page: p.current ?? 1, pageSize: p.pageSize ?? q.pageSize }))}
        columns={[
          {
            key: 'title',
            title: t('renewals.opportunity'),
            render: (_, o) => <a onClick={() => setHistoryOf(o)}>{o.title}</a>,
          },
          {
            key: 'account',
            title: t('renewals.account'),
            render: (_, o) => <Link to={`/accounts/${o.accountId}`}>{o.accountName}</Link>,
          },
          {
            key: 'source',
            title: t('renewals.source'),
            render: (_, o) => <Tag>{t(`renewals.sources.${o.source}`)}</Tag>,
          },
          {
            key: 'stage',
            title: t('renewals.stage'),
            render: (_, o) =>
              canWrite ? (
                <Select
                  size="small"
                  style={{ width: 130 }}
                  value={o.stage}
                  options={stages}
                  onChange={(stage) => save.mutate({ id: o.id, stage }, { onError: (e) => message.error(e.message) })}
                />
              ) : (
                t(`renewals.stages.${o.stage}`)
              ),
          },
          {
            key: 'amount',
            title: t('renewals.amount'),
            align: 'right',
            render: (_, o) => formatMoney(o.amountMinor, o.currency, { narrow: true }),
          },
          { key: 'owner', title: t('renewals.owner'), render: (_, o) => o.ownerName ?? t('common.unassigned') },
          { key: 'close', title: t('renewals.expectedClose'), render: (_, o) => formatDate(o.expectedCloseOn) },
          { key: 'product', title: t('renewals.product'), render: (_, o) => o.product ?? '—' },
        ]}
      />
      <Modal
        open={creating}
        title={t('renewals.newOpportunity')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={create}>
          <Form.Item name="accountId" label={t('renewals.account')} rules={[{ required: true }]}>
            <AccountSelect />
          </Form.Item>
          <Form.Item name="title" label={t('renewals.opportunity')} rules={[{ required: true }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="amount" label={t('renewals.amountArr')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="expectedCloseOn" label={t('renewals.expectedClose')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="product" label={t('renewals.product')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="notes" label={t('renewals.comment')}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer open={Boolean(historyOf)} onClose={() => setHistoryOf(null)} title={historyOf?.title}>
        {history.error ? <QueryError error={history.error} compact /> : null}
        <Timeline
          items={(history.data?.items ?? []).map((h) => ({
            children: `${formatDateTime(h.at)} · ${h.fromStage ? `${t(`renewals.stages.${h.fromStage}`)} → ` : ''}${t(`renewals.stages.${h.toStage}`)} · ${h.actorName ?? ''}`,
          }))}
        />
      </Drawer>
    </Space>
  );
}
