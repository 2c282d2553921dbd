import type { Me } from '@shared/auth';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '@shared/passwords';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Divider, Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyServerErrors } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { LANGUAGES } from '../../../i18n';
import { ME_KEY, useMe, useUpdateProfile } from '../hooks/useMe';

interface ProfileValues {
  name: string;
  locale: NonNullable<Me['locale']>;
  currentPassword?: string;
  newPassword?: string;
  confirmPassword?: string;
}

/** A person's own name, language (the UI's and their emails') and password. */
export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const update = useUpdateProfile();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<ProfileValues>();
  const newPassword = Form.useWatch('newPassword', form);

  useEffect(() => {
    if (!me) return;
    const language = i18n.resolvedLanguage === 'en' ? 'en' : 'zh-CN';
    form.setFieldsValue({ name: me.name, locale: me.locale ?? language });
  }, [me, form, i18n.resolvedLanguage]);

  const submit = ({ name, locale, currentPassword, newPassword }: ProfileValues) =>
    update.mutate(
      { name, locale, ...(newPassword ? { currentPassword, newPassword } : {}) },
      {
        onSuccess: () => {
          form.resetFields(['currentPassword', 'newPassword', 'confirmPassword']);
          // In the language just saved: `t` still speaks the one this render began with.
          if (!newPassword) return void message.success(i18n.t('profile.saved'));
          // A new password ends every session of the user, this one too: sign in again with it.
          message.success(i18n.t('profile.passwordChanged'));
          client.clear();
          client.setQueryData(ME_KEY, null);
          void navigate('/sign-in', { replace: true });
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  const policy = t('setup.passwordHelp', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH });
  return (
    <>
      <PageHeader title={t('profile.title')} subtitle={me?.email ?? undefined} />
      <Card style={{ maxWidth: 560 }}>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="profile-form">
          <Form.Item
            name="name"
            label={t('profile.name')}
            rules={[{ required: true, whitespace: true, max: 200, message: t('profile.nameRequired') }]}
          >
            <Input autoComplete="name" data-testid="profile-name" />
          </Form.Item>
          <Form.Item name="locale" label={t('profile.language')} extra={t('profile.languageHelp')}>
            <Select
              data-testid="profile-language"
              options={LANGUAGES.map((l) => ({
                value: l.code,
                label: <span data-testid={`profile-language-${l.code}`}>{l.label}</span>,
              }))}
            />
          </Form.Item>
          <Divider plain>{t('profile.changePassword')}</Divider>
          <Form.Item
            name="newPassword"
            label={t('profile.newPassword')}
            extra={policy}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  !value || !passwordProblem(value) ? Promise.resolve() : Promise.reject(new Error(policy)),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="profile-new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('profile.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              {
                validator: (_, value: string | undefined) =>
                  (value ?? '') === (form.getFieldValue('newPassword') ?? '')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('profile.passwordMismatch'))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="profile-confirm-password" />
          </Form.Item>
          <Form.Item
            name="currentPassword"
            label={t('profile.currentPassword')}
            dependencies={['newPassword']}
            rules={[{ required: Boolean(newPassword), message: t('profile.currentPasswordRequired') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="profile-current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="profile-save">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
