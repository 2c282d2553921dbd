import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AccountInput } from '@shared/accounts';
import { applyServerErrors } from '../../../api/forms';
import { useCreateAccount } from '../hooks/useAccounts';
import { AccountFormFields, type AccountFormValues, formToInput } from './AccountFormFields';

/** Creates an account, then opens its 360 page. */
export function CreateAccountModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountFormValues>();
  const create = useCreateAccount();
  const navigate = useNavigate();

  const submit = (values: AccountFormValues) =>
    create.mutate(formToInput(values) as AccountInput, {
      onSuccess: (account) => {
        message.success(t('accounts.created', { name: account.name }));
        form.resetFields();
        onClose();
        void navigate(`/accounts/${account.id}`);
      },
      onError: (error) => {
        const rest = applyServerErrors(form, error);
        if (rest) message.error(rest);
      },
    });

  return (
    <Modal
      open={open}
      title={t('accounts.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'account-create-submit' }}
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <AccountFormFields />
      </Form>
    </Modal>
  );
}
