import { DECK_LANGUAGES, type DeckLanguage, deckDownloadPath, REVIEW_KINDS, type ReviewKind } from '@shared/reviews';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../auth/hooks/useMe';
import { useLogReview, useReviewStatus } from '../hooks/useReviews';

interface LogForm {
  kind: ReviewKind;
  on: Dayjs;
  subject?: string;
  body?: string;
}

/** The 360's Business review tab: cadence, next due date, history, logging a review, the deck downloads. */
export function ReviewsTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { data, isLoading } = useReviewStatus(accountId);
  const log = useLogReview(accountId);
  const isAdmin = useCan('admin');
  const [open, setOpen] = useState(false);
  const [lang, setLang] = useState<DeckLanguage | undefined>(undefined);
  const [form] = Form.useForm<LogForm>();
  if (isLoading || !data) return <Card loading />;
  const language = lang ?? data.language;
  const submit = (v: LogForm) =>
    log.mutate(
      { kind: v.kind, occurredAt: v.on.hour(12).toISOString(), subject: v.subject || null, body: v.body || null },
      {
        onSuccess: () => {
          setOpen(false);
          form.resetFields();
        },
      },
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="reviews-tab">
      <Card title={t('reviews.title')}>
        {data.overdue && <Alert type="warning" showIcon message={t('reviews.overdue')} style={{ marginBottom: 12 }} />}
        <Descriptions column={3} size="small">
          <Descriptions.Item label={t('reviews.cadence')}>
            {data.cadence?.months
              ? t('reviews.every', { count: data.cadence.months, kind: t(`reviews.kind.${data.cadence.kind}`) })
              : t('reviews.noCadence')}
            {isAdmin ? (
              <Link to="/settings/reviews" style={{ marginLeft: 8 }}>
                {t('reviews.changeCadence')}
              </Link>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('reviews.lastOn')}>{data.lastOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('reviews.dueOn')}>
            <span data-testid="review-due">{data.dueOn ?? '—'}</span>
          </Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          <Button type="primary" onClick={() => setOpen(true)} data-testid="log-review">
            {t('reviews.log')}
          </Button>
          <Select
            style={{ minWidth: 120 }}
            value={language}
            onChange={setLang}
            options={DECK_LANGUAGES.map((l) => ({ value: l, label: t(`reviews.language.${l}`) }))}
            data-testid="deck-language"
          />
          <Button href={`${deckDownloadPath(accountId, 'pdf')}?lang=${language}`} data-testid="download-pdf">
            {t('reviews.downloadPdf')}
          </Button>
          <Button href={`${deckDownloadPath(accountId, 'pptx')}?lang=${language}`} data-testid="download-pptx">
            {t('reviews.downloadPptx')}
          </Button>
        </Space>
      </Card>
      <Card title={t('reviews.history')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={data.history}
          locale={{ emptyText: t('reviews.noHistory') }}
          columns={[
            { title: t('reviews.date'), render: (_, r) => dayjs(r.occurredAt).format('YYYY-MM-DD') },
            { title: t('reviews.kindLabel'), render: (_, r) => <Tag>{t(`reviews.kind.${r.kind}`)}</Tag> },
            { title: t('reviews.subject'), render: (_, r) => r.subject ?? '—' },
            { title: t('reviews.by'), render: (_, r) => r.authorName ?? '—' },
          ]}
        />
      </Card>
      <Modal
        open={open}
        title={t('reviews.log')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={log.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ kind: data.cadence?.kind ?? 'qbr', on: dayjs() }}
        >
          <Form.Item name="kind" label={t('reviews.kindLabel')} rules={[{ required: true }]}>
            <Radio.Group options={REVIEW_KINDS.map((k) => ({ value: k, label: t(`reviews.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="on" label={t('reviews.date')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="subject" label={t('reviews.subject')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="body" label={t('reviews.notes')}>
            <Input.TextArea rows={4} maxLength={20000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
