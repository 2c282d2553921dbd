import { CONTACT_ROLES } from '@shared/accounts';
import type { ContactInput } from '@shared/contacts';
import { App, Col, Form, Input, Modal, Row, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import type { Contact } from '@shared/contacts';
import { useEnumOptions } from '../../../hooks/useOptions';
import { ContactPreferences } from '../../messaging/components/ContactPreferences';
import { useSaveContact } from '../hooks/useAccount';

interface Props {
  accountId: string;
  contact?: Contact;
  open: boolean;
  onClose: () => void;
}

const blankToNull = (v: unknown) => (typeof v === 'string' ? v.trim() || null : (v ?? null));

export function ContactModal({ accountId, contact, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactInput>();
  const save = useSaveContact(accountId);
  const roles = useEnumOptions('contactRoles', CONTACT_ROLES);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (contact) form.setFieldsValue(contact as unknown as ContactInput);
  }, [open, contact, form]);

  const submit = (values: ContactInput) => {
    const input: ContactInput = {
      name: values.name.trim(),
      title: blankToNull(values.title) as string | null,
      email: blankToNull(values.email) as string | null,
      phone: blankToNull(values.phone) as string | null,
      role: values.role ?? null,
      isPrimary: Boolean(values.isPrimary),
    };
    save.mutate(
      { id: contact?.id, input },
      {
        onSuccess: (saved) => {
          message.success(contact ? t('common.saved') : t('contacts.added', { name: saved.name }));
          onClose();
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={contact ? t('contacts.edit') : t('contacts.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      forceRender
      afterOpenChange={(opened) => opened && form.getFieldInstance('name')?.focus()}
      width={560}
    >
      <Form form={form} name="contact" layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('contacts.name')}
              rules={[{ required: true, whitespace: true, message: t('contacts.nameRequired') }]}
            >
              <Input maxLength={200} data-testid="contact-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label={t('contacts.jobTitle')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="email"
              label={t('contacts.email')}
              rules={[{ type: 'email', message: t('contacts.emailInvalid') }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('contacts.phone')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label={t('contacts.role')} tooltip={t('contacts.roleHelp')}>
              <Select options={roles} allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="isPrimary" label={t('contacts.primary')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {contact ? <ContactPreferences contactId={contact.id} /> : null}
    </Modal>
  );
}
