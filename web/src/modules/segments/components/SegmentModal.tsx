import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import type { Segment } from '@shared/segments';
import { useDebounced } from '../../../hooks/useDebounced';
import { ConditionBuilder } from '../../conditions/components/ConditionBuilder';
import { type DraftCondition, newDraft, toConditions } from '../../conditions/fields';
import { useMatchCount, useSaveSegment } from '../hooks/useSegments';
import { storedDrafts } from '../storedRules';

interface Props {
  open: boolean;
  segment?: Segment;
  onClose: () => void;
}

/** Create or edit a segment: a name and a rule set, with a live count of the accounts it matches. */
export function SegmentModal({ open, segment, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const [drafts, setDrafts] = useState<DraftCondition[]>([]);
  const [match, setMatch] = useState<'all' | 'any'>('all');
  const [rulesError, setRulesError] = useState<string>();
  const save = useSaveSegment();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ name: segment?.name ?? '', description: segment?.description ?? '' });
    setDrafts(segment ? storedDrafts(segment.rules.conditions) : [newDraft()]);
    setMatch(segment?.rules.match ?? 'all');
    setRulesError(undefined);
  }, [open, segment, form]);

  const conditions = toConditions(drafts);
  const rules = useDebounced(conditions.length ? { match, conditions } : undefined, 400);
  const preview = useMatchCount(rules);

  const submit = (values: { name: string; description?: string }) => {
    if (!conditions.length) return setRulesError(t('segments.needCondition'));
    save.mutate(
      {
        id: segment?.id,
        input: {
          name: values.name.trim(),
          description: values.description?.trim() || null,
          rules: { match, conditions },
        },
      },
      {
        onSuccess: (saved) => {
          message.success(t('segments.saved', { name: saved.name }));
          onClose();
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) setRulesError(rest);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={segment ? t('segments.edit') : t('segments.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      width={820}
      forceRender
      afterOpenChange={(opened) => opened && form.getFieldInstance('name')?.focus()}
      okButtonProps={{ 'data-testid': 'segment-save' }}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('segments.name')}
          rules={[{ required: true, whitespace: true, message: t('segments.nameRequired') }]}
        >
          <Input maxLength={200} data-testid="segment-name" />
        </Form.Item>
        <Form.Item name="description" label={t('segments.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
        </Form.Item>
      </Form>
      <Typography.Title level={5}>{t('segments.rules')}</Typography.Title>
      <ConditionBuilder conditions={drafts} onChange={setDrafts} match={match} onMatchChange={setMatch} />
      <div style={{ marginTop: 16 }}>
        {rulesError ? <Alert type="error" showIcon message={rulesError} style={{ marginBottom: 8 }} /> : null}
        {rules ? (
          <Alert
            type={preview.isError ? 'warning' : 'info'}
            showIcon
            message={
              preview.isError
                ? preview.error.message
                : preview.data === undefined
                  ? t('segments.counting')
                  : t('segments.preview', { count: preview.data })
            }
          />
        ) : null}
      </div>
    </Modal>
  );
}
