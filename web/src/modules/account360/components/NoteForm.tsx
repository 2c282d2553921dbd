import { App, Button, DatePicker, Flex, Form, Input, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { LOGGABLE_TYPES, type LoggableType } from '@shared/timeline';
import { useAddActivity, useContacts } from '../hooks/useAccount';
import { ActivityIcon } from './ActivityIcon';

interface Values {
  type: LoggableType;
  subject?: string;
  body?: string;
  contactId?: string;
  occurredAt?: Dayjs | null;
}

/** Logs a note, call, meeting or visit; the timeline refetches and shows it at once. */
export function NoteForm({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddActivity(accountId);
  const contacts = useContacts(accountId);

  const submit = (values: Values) =>
    add.mutate(
      {
        type: values.type,
        subject: values.subject?.trim() || null,
        body: values.body?.trim() || null,
        contactId: values.contactId ?? null,
        ...(values.occurredAt ? { occurredAt: values.occurredAt.toISOString() } : {}),
      },
      {
        onSuccess: () => {
          form.resetFields(['subject', 'body', 'contactId', 'occurredAt']);
          message.success(t('timeline.logged'));
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  return (
    <Form
      form={form}
      name="note"
      initialValues={{ type: 'note' }}
      onFinish={submit}
      disabled={add.isPending}
      data-testid="note-form"
    >
      <Form.Item name="type" style={{ marginBottom: 8 }}>
        <Segmented
          options={LOGGABLE_TYPES.map((type) => ({
            value: type,
            label: t(`activityTypes.${type}`),
            icon: <ActivityIcon type={type} />,
          }))}
        />
      </Form.Item>
      <Form.Item name="subject" style={{ marginBottom: 8 }}>
        <Input placeholder={t('timeline.subjectPlaceholder')} maxLength={300} data-testid="note-subject" />
      </Form.Item>
      <Form.Item
        name="body"
        style={{ marginBottom: 8 }}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, body?: string) =>
              body?.trim() || getFieldValue('subject')?.trim()
                ? Promise.resolve()
                : Promise.reject(new Error(t('timeline.emptyNote'))),
          }),
        ]}
      >
        <Input.TextArea
          placeholder={t('timeline.bodyPlaceholder')}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={20_000}
          data-testid="note-body"
        />
      </Form.Item>
      <Flex justify="flex-end" gap={8} wrap>
        <Form.Item name="contactId" style={{ marginBottom: 0 }}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('timeline.withContact')}
            options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item name="occurredAt" style={{ marginBottom: 0 }}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            placeholder={t('timeline.whenNow')}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="note-submit">
          {t('timeline.log')}
        </Button>
      </Flex>
    </Form>
  );
}
