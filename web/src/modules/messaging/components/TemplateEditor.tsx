import type { Wire } from '@shared/endpoint';
import type { MessageTemplate as Template, TemplateInput } from '@shared/messaging';
import { Alert, Button, Drawer, Form, Input, Select, Space, Switch, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import {
  usePreviewMessage,
  useRecipients,
  useSaveMessageTemplate,
  useTestSendMessage,
  useVariables,
} from '../hooks/useMessaging';

type Locale = 'zh-CN' | 'en';
const LOCALES: Locale[] = ['zh-CN', 'en'];

/** Template editor: per-language tabs, a variable picker, refusals on their field, preview for a contact, test send. */
export function TemplateEditor({ template, onClose }: { template?: Wire<Template>; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<TemplateInput>();
  const [tab, setTab] = useState<Locale>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [saved, setSaved] = useState(template);
  const [q, setQ] = useState('');
  const [contactId, setContactId] = useState<string>();
  const variables = useVariables();
  const recipients = useRecipients(q);
  const save = useSaveMessageTemplate();
  const preview = usePreviewMessage();
  const testSend = useTestSendMessage();
  const [testResult, setTestResult] = useState<string>();
  const channel = Form.useWatch('channel', form);

  const variableOptions = [
    ...(variables.data?.fixed ?? []),
    ...(variables.data?.accountFields ?? []).map((f) => `account.${f}`),
    ...(variables.data?.usageModules ?? []).flatMap((m) => [`usage.${m}.7d`, `usage.${m}.30d`, `usage.${m}.90d`]),
  ].map((v) => ({ value: v, label: `{{${v}}}` }));

  function insertVariable(name: string) {
    const path = ['content', tab, 'body'] as never;
    const current = (form.getFieldValue(path) as string | undefined) ?? '';
    form.setFieldValue(path, `${current}{{${name}}}`);
  }

  async function submit(values: TemplateInput) {
    try {
      // A language tab left empty is no language at all (its fields are mounted, so they arrive as {}).
      const content = Object.fromEntries(
        Object.entries(values.content ?? {}).filter(([, part]) => part?.subject?.trim() || part?.body?.trim()),
      ) as TemplateInput['content'];
      const result = await save.mutateAsync({ id: saved?.id, input: { ...values, content } });
      setSaved(result);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) {
        form.setFields(
          error.issues.map((issue) => ({
            name: String(issue.path)
              .replace(/^body\./, '')
              .split('.'),
            errors: [issue.message],
          })) as never,
        );
      } else if (error instanceof Error) form.setFields([{ name: 'name', errors: [error.message] }]);
    }
  }

  return (
    <Drawer open width={760} title={saved ? saved.name : t('messaging.newTemplate')} onClose={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          template ?? { channel: 'email', messageType: 'marketing', trackOpens: true, trackClicks: true, content: {} }
        }
      >
        <Form.Item name="name" label={t('messaging.name')} rules={[{ required: true }]}>
          <Input data-testid="template-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="channel" label={t('messaging.channel')}>
            <Select
              style={{ minWidth: 140 }}
              data-testid="template-channel"
              options={(['email', 'sms', 'webhook', 'in_app', 'chat'] as const).map((c) => ({
                value: c,
                label: t(`messaging.channels.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="messageType" label={t('messaging.messageType')}>
            <Select
              style={{ minWidth: 160 }}
              options={(['marketing', 'transactional'] as const).map((c) => ({
                value: c,
                label: t(`messaging.types.${c}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="trackOpens" label={t('messaging.trackOpens')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="trackClicks" label={t('messaging.trackClicks')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        {channel === 'webhook' ? (
          <Form.Item name="webhookUrl" label={t('messaging.webhookUrl')}>
            <Input placeholder="https://" />
          </Form.Item>
        ) : null}
        {channel === 'in_app' ? (
          <Space wrap align="start">
            <Form.Item name={['inApp', 'style']} label={t('messaging.inAppStyle')} initialValue="modal">
              <Select
                style={{ minWidth: 160 }}
                data-testid="template-inapp-style"
                options={(['modal', 'banner'] as const).map((s) => ({
                  value: s,
                  label: t(`messaging.inAppStyles.${s}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name={['inApp', 'buttonUrl']}
              label={t('messaging.inAppButtonUrl')}
              extra={t('messaging.inAppButtonHelp')}
              normalize={(v: string) => v || null}
            >
              <Input placeholder="https://" style={{ minWidth: 320 }} data-testid="template-inapp-url" />
            </Form.Item>
          </Space>
        ) : null}
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('messaging.insertVariable')}</Typography.Text>
          <Select
            showSearch
            value={null}
            style={{ minWidth: 240 }}
            placeholder={t('messaging.variable')}
            options={variableOptions}
            onChange={(v: string) => insertVariable(v)}
            data-testid="variable-picker"
          />
        </Space>
        <Form.Item name="content" noStyle>
          <span />
        </Form.Item>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Locale)}
          items={LOCALES.map((locale) => ({
            key: locale,
            label: t(`messaging.locales.${locale}`),
            forceRender: true,
            children: (
              <>
                <Form.Item name={['content', locale, 'subject']} label={t('messaging.subject')}>
                  <Input data-testid={`subject-${locale}`} />
                </Form.Item>
                <Form.Item
                  name={['content', locale, 'body']}
                  label={t('messaging.body')}
                  extra={t('messaging.bodyHelp')}
                >
                  <Input.TextArea rows={8} data-testid={`body-${locale}`} />
                </Form.Item>
                {channel === 'in_app' ? (
                  <Form.Item name={['content', locale, 'button']} label={t('messaging.inAppButtonLabel')}>
                    <Input data-testid={`button-${locale}`} maxLength={80} />
                  </Form.Item>
                ) : null}
              </>
            ),
          }))}
        />
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="template-save">
          {t('common.save')}
        </Button>
      </Form>
      {saved ? (
        <div style={{ marginTop: 24 }}>
          <Typography.Title level={5}>{t('messaging.preview')}</Typography.Title>
          <Space wrap>
            <Select
              showSearch
              filterOption={false}
              onSearch={setQ}
              value={contactId}
              onChange={setContactId}
              style={{ minWidth: 280 }}
              placeholder={t('messaging.pickContact')}
              options={(recipients.data?.items ?? []).map((r) => ({
                value: r.id,
                label: `${r.name} · ${r.accountName}${r.email ? ` · ${r.email}` : ''}`,
              }))}
              data-testid="preview-contact"
            />
            <Button
              disabled={!contactId}
              onClick={() => contactId && preview.mutate({ id: saved.id, contactId, locale: tab })}
              data-testid="preview-button"
            >
              {t('messaging.previewButton')}
            </Button>
            <Button
              onClick={() =>
                testSend.mutate(
                  { id: saved.id, contactId, locale: tab },
                  { onSuccess: (s) => setTestResult(t('messaging.testSent', { email: s.address ?? '' })) },
                )
              }
              loading={testSend.isPending}
              data-testid="test-send"
            >
              {t('messaging.testSend')}
            </Button>
          </Space>
          {testResult ? <Alert style={{ marginTop: 12 }} type="success" message={testResult} /> : null}
          {preview.data ? (
            <div style={{ marginTop: 12 }} data-testid="preview">
              <Typography.Text strong>{preview.data.subject}</Typography.Text>
              <iframe
                title="preview"
                sandbox=""
                srcDoc={preview.data.html}
                style={{ width: '100%', minHeight: 240, border: '1px solid #eee', marginTop: 8 }}
              />
            </div>
          ) : null}
        </div>
      ) : null}
    </Drawer>
  );
}
