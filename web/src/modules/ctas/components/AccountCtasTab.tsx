import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Divider, Form, Input, List, Modal, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CTA_PRIORITIES, CTA_TYPES } from '@shared/ctas';
import { applyServerErrors } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions, useOwnerOptions } from '../../../hooks/useOptions';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useAccountMilestones, useCompleteMilestone } from '../../onboarding/hooks/useOnboarding';
import { type CtaFilters, useCreateCta, useCtaList, usePlaybooks } from '../hooks/useCtas';
import { named } from '../text';
import { CtaDrawer } from './CtaDrawer';
import { CtaTable } from './CtaTable';

/** Customer 360: the account's milestones and CTAs, with "create CTA". */
export function AccountCtasTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const [filters, setFilters] = useState<CtaFilters>({ scope: 'all', status: 'all', accountId, page: 1, pageSize: 10 });
  const list = useCtaList(filters);
  const milestones = useAccountMilestones(accountId);
  const complete = useCompleteMilestone(accountId);
  const create = useCreateCta();
  const playbooks = usePlaybooks();
  const owners = useOwnerOptions();
  const types = useEnumOptions('ctas.type', CTA_TYPES);
  const priorities = useEnumOptions('ctas.priority', CTA_PRIORITIES);
  const [openId, setOpenId] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();

  const submit = async (v: {
    type: (typeof CTA_TYPES)[number];
    title: string;
    priority: (typeof CTA_PRIORITIES)[number];
    dueOn: dayjs.Dayjs;
    ownerId?: string;
    playbookId?: string;
  }) => {
    try {
      const cta = await create.mutateAsync({
        accountId,
        ...v,
        dueOn: v.dueOn.format('YYYY-MM-DD'),
        ownerId: v.ownerId,
        playbookId: v.playbookId ?? null,
      });
      setCreating(false);
      form.resetFields();
      message.success(t('ctas.created'));
      setOpenId(cta.id);
    } catch (error) {
      const rest = applyServerErrors(form, error);
      if (rest) message.error(rest);
    }
  };

  return (
    <>
      {milestones.data?.length ? (
        <>
          <Divider orientation="left" style={{ marginTop: 0 }}>
            {t('onboarding.milestones')}
          </Divider>
          <List
            size="small"
            dataSource={milestones.data}
            renderItem={(m) => (
              <List.Item data-testid="account-milestone">
                <Checkbox
                  checked={Boolean(m.completedOn)}
                  disabled={!canWrite || complete.isPending}
                  onChange={(e) => complete.mutate({ templateId: m.templateId, done: e.target.checked })}
                >
                  {named(t, 'milestone', m.key, m.name)}
                </Checkbox>
                <Typography.Text type={m.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                  {m.completedOn
                    ? `${t('onboarding.completedOn', { date: formatDate(m.completedOn) })}${m.completedHow === 'auto' ? ` · ${t('onboarding.auto')}` : ''}`
                    : `${t('onboarding.due')} ${formatDate(m.dueOn)}${m.overdue ? ` · ${t('ctas.overdue')}` : ''}`}
                </Typography.Text>
              </List.Item>
            )}
          />
        </>
      ) : null}
      <Space style={{ width: '100%', justifyContent: 'space-between', margin: '8px 0' }}>
        <Typography.Text strong>{t('nav.ctas')}</Typography.Text>
        {canWrite ? (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="cta-create">
            {t('ctas.create')}
          </Button>
        ) : null}
      </Space>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} compact />
      ) : (
        <CtaTable
          showAccount={false}
          items={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={filters.page}
          pageSize={filters.pageSize}
          loading={list.isFetching}
          onPage={(page, pageSize) => setFilters((f) => ({ ...f, page, pageSize }))}
          onOpen={setOpenId}
        />
      )}
      <Modal
        open={creating}
        title={t('ctas.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ type: 'risk', priority: 'medium', dueOn: dayjs().add(7, 'day') }}
        >
          <Form.Item name="title" label={t('ctas.title')} rules={[{ required: true, message: t('ctas.required') }]}>
            <Input data-testid="cta-create-title" />
          </Form.Item>
          <Space>
            <Form.Item name="type" label={t('ctas.typeLabel')}>
              <Select style={{ width: 150 }} options={types} />
            </Form.Item>
            <Form.Item name="priority" label={t('ctas.priorityLabel')}>
              <Select style={{ width: 120 }} options={priorities} />
            </Form.Item>
            <Form.Item name="dueOn" label={t('ctas.due')} rules={[{ required: true, message: t('ctas.required') }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="ownerId" label={t('ctas.owner')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={owners}
              placeholder={t('ctas.ownerDefault')}
            />
          </Form.Item>
          <Form.Item name="playbookId" label={t('ctas.playbookLabel')}>
            <Select
              allowClear
              options={(playbooks.data ?? []).map((p) => ({ value: p.id, label: named(t, 'playbook', p.key, p.name) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <CtaDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </>
  );
}
