import { PlusOutlined } from '@ant-design/icons';
import type { Wire } from '@shared/endpoint';
import type { NpsResponseView } from '@shared/surveys';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime } from '../../../lib/format';
import { useContacts } from '../../account360/hooks/useAccount';
import { useCan } from '../../auth/hooks/useMe';
import { useNpsAnswers, useRecordNps } from '../hooks/useSupport';
import { ItemTags } from '../../voc/components/ItemTags';

type Answer = Wire<NpsResponseView>;
const CATEGORY_COLORS: Record<Answer['category'], string> = { promoter: 'green', passive: 'gold', detractor: 'red' };
const PAGE_SIZE = 5;

interface Values {
  score: number;
  comment?: string;
  contactId?: string | null;
  respondedAt?: Dayjs | null;
}

function RecordNpsModal({ accountId, open, onClose }: { accountId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordNps(accountId);
  const contacts = useContacts(accountId);
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = (values: Values) =>
    record.mutate(
      {
        score: values.score,
        comment: values.comment?.trim() || null,
        contactId: values.contactId ?? null,
        respondedAt: values.respondedAt ? values.respondedAt.toISOString() : undefined,
      },
      {
        onSuccess: () => {
          message.success(t('support.nps.recorded'));
          onClose();
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t('support.nps.record')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'nps-save' }}
      forceRender
    >
      <Form form={form} name="nps" layout="vertical" onFinish={submit}>
        <Form.Item
          name="score"
          label={t('support.nps.score')}
          tooltip={t('support.nps.scoreHelp')}
          rules={[{ required: true, message: t('support.nps.scoreRequired') }]}
        >
          <InputNumber min={0} max={10} precision={0} data-testid="nps-score" />
        </Form.Item>
        <Form.Item name="comment" label={t('support.nps.comment')}>
          <Input.TextArea maxLength={5000} rows={3} data-testid="nps-comment" />
        </Form.Item>
        <Form.Item name="contactId" label={t('support.contact')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="respondedAt" label={t('support.nps.respondedAt')} tooltip={t('support.nps.respondedAtHelp')}>
          <DatePicker showTime />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The account's NPS answers, newest first, and recording one by hand. */
export function NpsSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const canWrite = useCan('write');
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState(false);
  const answers = useNpsAnswers(accountId, page, PAGE_SIZE);

  return (
    <div data-testid="nps-section">
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('support.nps.title')}
        </Typography.Title>
        {canWrite ? (
          <Button icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="nps-add">
            {t('support.nps.record')}
          </Button>
        ) : null}
      </Flex>
      {answers.isError ? (
        <QueryError error={answers.error} onRetry={() => void answers.refetch()} compact />
      ) : (
        <Table<Answer>
          rowKey="id"
          size="small"
          data-testid="nps-answers"
          loading={answers.isPending}
          dataSource={answers.data?.items}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: answers.data?.total ?? 0, onChange: setPage }}
          locale={{ emptyText: <Empty description={t('support.nps.empty')} /> }}
          columns={[
            {
              title: t('support.nps.score'),
              dataIndex: 'score',
              width: 150,
              render: (score: number, a) => (
                <Flex gap={8} align="center">
                  <Typography.Text strong>{score}</Typography.Text>
                  <Tag color={CATEGORY_COLORS[a.category]}>{t(`support.nps.categories.${a.category}`)}</Tag>
                </Flex>
              ),
            },
            {
              title: t('support.nps.comment'),
              dataIndex: 'comment',
              render: (c: string | null, a) => (
                <>
                  {c ?? '—'}
                  <ItemTags accountId={accountId} itemType="nps" itemId={a.id} />
                </>
              ),
            },
            {
              title: t('support.contact'),
              dataIndex: 'contactName',
              width: 140,
              render: (n: string | null) => n ?? '—',
            },
            {
              title: t('support.nps.respondedAt'),
              dataIndex: 'respondedAt',
              width: 170,
              render: (v: string) => formatDateTime(v),
            },
          ]}
        />
      )}
      <RecordNpsModal accountId={accountId} open={recording} onClose={() => setRecording(false)} />
    </div>
  );
}
