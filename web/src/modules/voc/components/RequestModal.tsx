import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateRequest } from '../hooks/useVoc';
import { ContactSelect } from './ContactSelect';

interface Values {
  title: string;
  description?: string;
  productArea?: string;
  contactId?: string | null;
}

/** A new feature request, for the account that asked when one is given (the 360). */
export function RequestModal({
  open,
  accountId,
  onClose,
  onCreated,
}: {
  open: boolean;
  accountId?: string;
  onClose: () => void;
  onCreated?: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateRequest();

  async function submit() {
    const values = await form.validateFields();
    create.mutate(
      {
        title: values.title,
        description: values.description?.trim() || null,
        productArea: values.productArea?.trim() || null,
        accountId,
        contactId: accountId ? (values.contactId ?? null) : undefined,
      },
      {
        onSuccess: (created) => {
          form.resetFields();
          onClose();
          onCreated?.(created.id);
        },
      },
    );
  }

  return (
    <Modal
      open={open}
      title={t('voc.requests.new')}
      okText={t('common.create')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="request-form">
        <Form.Item name="title" label={t('voc.requests.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={300} data-testid="request-title" />
        </Form.Item>
        <Form.Item name="productArea" label={t('voc.requests.productArea')}>
          <Input maxLength={100} data-testid="request-area" />
        </Form.Item>
        {accountId ? (
          <Form.Item name="contactId" label={t('voc.requests.contact')}>
            <ContactSelect accountId={accountId} testId="request-contact" />
          </Form.Item>
        ) : null}
        <Form.Item name="description" label={t('voc.requests.description')}>
          <Input.TextArea maxLength={5000} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
