import { Form, Input, InputNumber, Modal, Radio, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export type AttributeType = 'text' | 'number' | 'boolean';

export interface AttributeDraft {
  key: string;
  type: AttributeType;
  value: string | number | boolean;
}

export const typeOf = (value: unknown): AttributeType =>
  typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';

interface Props {
  open: boolean;
  initial?: AttributeDraft;
  existingKeys: string[];
  saving: boolean;
  onSave: (draft: AttributeDraft) => void;
  onClose: () => void;
}

/** One custom attribute: a key and a typed value (numbers stay numbers so filters compare them numerically). */
export function AttributeModal({ open, initial, existingKeys, saving, onSave, onClose }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AttributeDraft>();
  const type = Form.useWatch('type', form) ?? 'text';
  useEffect(() => {
    if (open) form.setFieldsValue(initial ?? { key: '', type: 'text', value: '' });
  }, [open, initial, form]);

  return (
    <Modal
      open={open}
      title={initial ? t('attributes.edit') : t('attributes.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      forceRender
      afterOpenChange={(opened) => opened && form.getFieldInstance(initial ? 'value' : 'key')?.focus?.()}
    >
      <Form form={form} name="attribute" layout="vertical" onFinish={onSave}>
        <Form.Item
          name="key"
          label={t('attributes.key')}
          rules={[
            { required: true, whitespace: true, message: t('attributes.keyRequired') },
            { max: 100 },
            {
              validator: (_, key: string) =>
                key && key !== initial?.key && existingKeys.includes(key.trim())
                  ? Promise.reject(new Error(t('attributes.keyTaken')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input placeholder={t('attributes.keyPlaceholder')} data-testid="attribute-key" />
        </Form.Item>
        <Form.Item name="type" label={t('attributes.type')}>
          <Radio.Group
            optionType="button"
            onChange={(e) =>
              form.setFieldValue(
                'value',
                e.target.value === 'boolean' ? false : e.target.value === 'number' ? null : '',
              )
            }
            options={(['text', 'number', 'boolean'] as const).map((v) => ({
              value: v,
              label: t(`attributes.types.${v}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('attributes.value')}
          valuePropName={type === 'boolean' ? 'checked' : 'value'}
          rules={type === 'number' ? [{ required: true, message: t('attributes.valueRequired') }] : []}
        >
          {type === 'boolean' ? (
            <Switch />
          ) : type === 'number' ? (
            <InputNumber style={{ width: '100%' }} />
          ) : (
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} data-testid="attribute-value" />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
