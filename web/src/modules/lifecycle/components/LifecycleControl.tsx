import { EditOutlined } from '@ant-design/icons';
import { LIFECYCLE_STAGES, type LifecycleStage } from '@shared/lifecycle';
import { App, Button, Form, Input, Modal, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useCan } from '../../auth/hooks/useMe';
import { useLifecycle, useSetStage } from '../hooks/useLifecycle';

/** Next to the stage on the Customer 360 header: "set by hand" (with its reason) and changing or clearing it. */
export function LifecycleControl({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const lifecycle = useLifecycle(accountId);
  const setStage = useSetStage(accountId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ stage: LifecycleStage; reason: string }>();
  const [error, setError] = useState<string>();
  const override = lifecycle.data?.override;

  return (
    <Space size={4}>
      {override ? (
        <Tooltip
          title={t('lifecycle.overrideTooltip', {
            reason: override.reason,
            by: override.setByName ?? '—',
            computed: lifecycle.data?.computedStage ? t(`stages.${lifecycle.data.computedStage}`) : '—',
          })}
        >
          <Tag color="gold" data-testid="stage-set-by-hand">
            {t('lifecycle.setByHand')}
          </Tag>
        </Tooltip>
      ) : null}
      {canWrite ? (
        <Button
          size="small"
          type="text"
          icon={<EditOutlined />}
          aria-label={t('lifecycle.change')}
          onClick={() => setOpen(true)}
        />
      ) : null}
      <Modal
        open={open}
        title={t('lifecycle.change')}
        onCancel={() => setOpen(false)}
        okText={t('common.save')}
        confirmLoading={setStage.isPending}
        onOk={() =>
          void form.validateFields().then((values) =>
            setStage.mutate(values, {
              onSuccess: () => (setOpen(false), void message.success(t('common.saved'))),
              onError: (e) => setError(applyServerErrors(form, e)),
            }),
          )
        }
        footer={(buttons) => (
          <>
            {override ? (
              <Button
                onClick={() =>
                  setStage.mutate(null, {
                    onSuccess: () => (setOpen(false), void message.success(t('lifecycle.cleared'))),
                    onError: (e) => setError(applyServerErrors(form, e)),
                  })
                }
              >
                {t('lifecycle.clear')}
              </Button>
            ) : null}
            {buttons}
          </>
        )}
      >
        <Typography.Paragraph type="secondary">
          {t('lifecycle.changeHelp', {
            computed: lifecycle.data?.computedStage ? t(`stages.${lifecycle.data.computedStage}`) : '—',
          })}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ stage: lifecycle.data?.stage ?? 'onboarding', reason: override?.reason ?? '' }}
        >
          <Form.Item name="stage" label={t('fields.lifecycle_stage')} rules={[{ required: true }]}>
            <Select options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('lifecycle.reason')}
            rules={[{ required: true, whitespace: true, message: t('lifecycle.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
        </Form>
      </Modal>
    </Space>
  );
}
