import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import type { User } from '@shared/users';
import { useUpdateUser } from '../hooks/useAdmin';

/** An admin sets someone's password (there is no self-service reset yet). */
export function PasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const update = useUpdateUser();

  const submit = ({ password }: { password: string }) =>
    update.mutate(
      { id: user!.id, patch: { password } },
      {
        onSuccess: () => {
          message.success(t('users.passwordSet', { name: user!.name }));
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
      open={user !== null}
      title={t('users.setPasswordFor', { name: user?.name ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="password"
          label={t('users.password')}
          rules={[{ required: true, min: 8, message: t('users.passwordMin') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
