import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyServerErrors } from '../../../api/forms';
import { emptyDefinition } from '../flow';
import { useCreateJourney } from '../hooks/useJourneys';

/** Names a new journey and opens its editor (it starts as a draft entered by hand, with one exit step). */
export function CreateJourneyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const navigate = useNavigate();
  const create = useCreateJourney();
  const submit = (values: { name: string; description?: string }) =>
    create.mutate(
      { name: values.name, description: values.description ?? '', definition: emptyDefinition() },
      {
        onSuccess: (journey) => navigate(`/journeys/${journey.id}`),
        onError: (error) => {
          const leftover = applyServerErrors(form, error);
          if (leftover) form.setFields([{ name: 'name', errors: [leftover] }]);
        },
      },
    );
  return (
    <Modal
      title={t('journeys.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="journey-create-form">
        <Form.Item
          name="name"
          label={t('journeys.settings.name')}
          rules={[{ required: true, whitespace: true, message: t('journeys.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="journey-create-name" />
        </Form.Item>
        <Form.Item name="description" label={t('journeys.settings.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
