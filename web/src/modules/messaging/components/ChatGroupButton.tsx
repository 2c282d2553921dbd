import { MessageOutlined } from '@ant-design/icons';
import { CHAT_PROVIDERS } from '@shared/messaging';
import { Button, Form, Input, Modal, Popconfirm, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useChatGroup, useSaveChatGroup } from '../hooks/useChatGroup';

interface Values {
  provider: (typeof CHAT_PROVIDERS)[number];
  name: string;
  webhookUrl: string;
  secret?: string;
}

/**
 * The customer's own chat group on the 360's contacts: which WeCom, DingTalk or Feishu group chat messages
 * go to. The robot's URL is shown masked and the secret never; leaving the secret empty keeps the stored one.
 */
export function ChatGroupButton({ accountId, canWrite }: { accountId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const group = useChatGroup(accountId);
  const save = useSaveChatGroup(accountId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const current = group.data?.group ?? null;

  const submit = (values: Values) =>
    save.mutate(
      {
        provider: values.provider,
        name: values.name,
        webhookUrl: values.webhookUrl,
        secret: values.secret || undefined,
      },
      { onSuccess: () => setOpen(false), onError: (error) => applyServerErrors(form, error) },
    );

  return (
    <>
      <Button
        icon={<MessageOutlined />}
        disabled={!canWrite && !current}
        onClick={() => setOpen(true)}
        data-testid="chat-group"
      >
        {current
          ? t('messaging.chatGroup.current', {
              name: current.name,
              provider: t(`messaging.chatGroup.providers.${current.provider}`),
            })
          : t('messaging.chatGroup.set')}
      </Button>
      <Modal
        open={open}
        title={t('messaging.chatGroup.title')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        okText={t('common.save')}
        okButtonProps={{ disabled: !canWrite, loading: save.isPending }}
        onOk={() => form.submit()}
        footer={(buttons) => (
          <>
            {current && canWrite ? (
              <Popconfirm
                title={t('messaging.chatGroup.removeConfirm')}
                onConfirm={() => save.mutate(null, { onSuccess: () => setOpen(false) })}
              >
                <Button danger style={{ float: 'left' }}>
                  {t('messaging.chatGroup.remove')}
                </Button>
              </Popconfirm>
            ) : null}
            {buttons}
          </>
        )}
      >
        <Typography.Paragraph type="secondary">{t('messaging.chatGroup.intro')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          disabled={!canWrite}
          onFinish={submit}
          initialValues={current ? { provider: current.provider, name: current.name } : { provider: 'wecom' }}
        >
          <Form.Item name="provider" label={t('messaging.chatGroup.provider')}>
            <Select
              options={CHAT_PROVIDERS.map((p) => ({ value: p, label: t(`messaging.chatGroup.providers.${p}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('messaging.chatGroup.name')}
            rules={[{ required: true, message: t('messaging.chatGroup.nameRequired') }]}
          >
            <Input maxLength={200} data-testid="chat-group-name" />
          </Form.Item>
          <Form.Item
            name="webhookUrl"
            label={t('messaging.chatGroup.webhookUrl')}
            extra={current ? t('messaging.chatGroup.webhookStored', { url: current.webhookUrl }) : undefined}
            rules={[{ required: true, message: t('messaging.chatGroup.webhookRequired') }]}
          >
            <Input maxLength={2000} data-testid="chat-group-url" />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('messaging.chatGroup.secret')}
            extra={current?.secretSet ? t('messaging.chatGroup.secretKept') : t('messaging.chatGroup.secretHint')}
          >
            <Input.Password maxLength={500} autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
