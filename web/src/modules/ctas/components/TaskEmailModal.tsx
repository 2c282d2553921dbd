import { Alert, App, type ButtonProps, Form, Input, Modal, Skeleton, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { type CtaTask, useCtaAction, useTaskEmailDraft } from '../hooks/useCtas';

/**
 * The email a playbook task carries: drafted by the server from its template in the customer's
 * language, addressed to the primary contact, editable before it goes. Sending ticks the task.
 */
export function TaskEmailModal({
  ctaId,
  task,
  onClose,
}: {
  ctaId: string;
  task: CtaTask | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const draft = useTaskEmailDraft(ctaId, task?.id);
  const action = useCtaAction();
  const [form] = Form.useForm<{ subject: string; text: string }>();
  const d = draft.data;

  useEffect(() => {
    if (d) form.setFieldsValue({ subject: d.subject, text: d.text });
  }, [d, form]);

  const sendable = Boolean(d?.to && d.mailConfigured);
  const send = async (values: { subject: string; text: string }) => {
    try {
      await action.mutateAsync({ id: ctaId, action: 'email', taskId: task!.id, body: values });
      message.success(t('ctas.emailSent', { email: d?.to?.email }));
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={Boolean(task)}
      title={t('ctas.writeEmail')}
      onCancel={onClose}
      okText={t('ctas.sendEmail')}
      okButtonProps={
        { disabled: !sendable, loading: action.isPending, 'data-testid': 'task-email-send' } as ButtonProps
      }
      onOk={() => form.submit()}
      width={640}
      destroyOnHidden
      data-testid="task-email-modal"
    >
      {draft.isPending ? (
        <Skeleton active />
      ) : draft.isError ? (
        <QueryError error={draft.error} onRetry={() => void draft.refetch()} compact />
      ) : d ? (
        <>
          {!d.mailConfigured ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('ctas.mailNotConfigured')} />
          ) : null}
          {!d.to ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('ctas.noRecipient')} />
          ) : null}
          <Form form={form} layout="vertical" onFinish={(v) => void send(v)} disabled={!sendable}>
            <Form.Item label={t('ctas.emailTo')}>
              <Typography.Text data-testid="task-email-to">
                {d.to ? `${d.to.name} <${d.to.email}>` : '—'}
              </Typography.Text>
            </Form.Item>
            <Form.Item
              name="subject"
              label={t('ctas.emailSubject')}
              rules={[{ required: true, whitespace: true, message: t('ctas.required') }]}
            >
              <Input maxLength={300} data-testid="task-email-subject" />
            </Form.Item>
            <Form.Item
              name="text"
              label={t('ctas.emailBody')}
              rules={[{ required: true, whitespace: true, message: t('ctas.required') }]}
            >
              <Input.TextArea rows={10} maxLength={20000} data-testid="task-email-body" />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
