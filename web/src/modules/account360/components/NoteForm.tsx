import { App, Button, Flex, Form, Input, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { LOGGABLE_TYPES, type LoggableType } from '../../../api/types';
import { useAddActivity } from '../hooks/useAccount';
import { ActivityIcon } from './ActivityIcon';

interface Values {
  type: LoggableType;
  subject?: string;
  body?: string;
}

/** Logs a note, call, meeting or visit; the timeline refetches and shows it at once. */
export function NoteForm({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddActivity(accountId);

  const submit = (values: Values) =>
    add.mutate(
      { type: values.type, subject: values.subject?.trim() || null, body: values.body?.trim() || null },
      {
        onSuccess: () => {
          form.resetFields(['subject', 'body']);
          message.success(t('timeline.logged'));
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  return (
    <Form form={form} name="note" initialValues={{ type: 'note' }} onFinish={submit} disabled={add.isPending} data-testid="note-form">
      <Form.Item name="type" style={{ marginBottom: 8 }}>
        <Segmented
          options={LOGGABLE_TYPES.map((type) => ({ value: type, label: t(`activityTypes.${type}`), icon: <ActivityIcon type={type} /> }))}
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
              body?.trim() || getFieldValue('subject')?.trim() ? Promise.resolve() : Promise.reject(new Error(t('timeline.emptyNote'))),
          }),
        ]}
      >
        <Input.TextArea placeholder={t('timeline.bodyPlaceholder')} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20_000} data-testid="note-body" />
      </Form.Item>
      <Flex justify="flex-end">
        <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="note-submit">
          {t('timeline.log')}
        </Button>
      </Flex>
    </Form>
  );
}
