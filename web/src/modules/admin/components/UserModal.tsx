import { ROLES } from '@shared/roles';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useEnumOptions } from '../../../hooks/useOptions';
import { LANGUAGES } from '../../../i18n';
import type { UserInput as NewUser } from '@shared/users';
import { useCreateUser } from '../hooks/useAdmin';

export function UserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewUser>();
  const create = useCreateUser();
  const roles = useEnumOptions('roles', ROLES);

  const submit = (values: NewUser) =>
    create.mutate(
      { ...values, name: values.name.trim(), password: values.password || undefined, locale: values.locale ?? null },
      {
        onSuccess: (user) => {
          message.success(t('users.created', { name: user.name }));
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
      title={t('users.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ role: 'csm' }} preserve={false}>
        <Form.Item
          name="name"
          label={t('users.name')}
          rules={[{ required: true, whitespace: true, message: t('users.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={[{ required: true, type: 'email', message: t('users.emailInvalid') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]} extra={t('users.roleHelp')}>
          <Select options={roles} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          rules={[{ min: 8, message: t('users.passwordMin') }]}
          extra={t('users.passwordHelp')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="locale" label={t('users.locale')}>
          <Select
            allowClear
            options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
            placeholder={t('users.localeDefault')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
