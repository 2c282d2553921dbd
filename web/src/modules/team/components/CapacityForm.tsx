import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { currencyExponent } from '@shared/money';
import { ownsAccounts } from '@shared/roles';
import type { TeamCapacity } from '@shared/team';
import { App, Button, type ButtonProps, Form, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useTeam } from '../../../hooks/useOptions';
import { useCapacity, useSetCapacity } from '../hooks/useTeamPage';

interface Values {
  basis: TeamCapacity['basis'];
  defaultLimit: number | null;
  overrides: { userId?: string; limit?: number | null }[];
}

/**
 * Capacity per CSM (admins): a default limit in accounts or in ARR, and per-person overrides. ARR is typed
 * in major units of the base currency and stored in minor units.
 */
export function CapacityForm({ open, currency, onClose }: { open: boolean; currency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const capacity = useCapacity(open);
  const save = useSetCapacity();
  const team = useTeam();
  const basis = Form.useWatch('basis', form);
  const scale = 10 ** currencyExponent(currency);
  const owners = (team.data ?? []).filter((u) => ownsAccounts(u.role)).map((u) => ({ value: u.id, label: u.name }));

  useEffect(() => {
    const c = capacity.data;
    if (!open || !c) return;
    const toForm = (v: number | null) => (v === null ? null : c.basis === 'arr' ? v / scale : v);
    form.setFieldsValue({
      basis: c.basis,
      defaultLimit: toForm(c.defaultLimit),
      overrides: Object.entries(c.overrides).map(([userId, limit]) => ({ userId, limit: toForm(limit) })),
    });
  }, [open, capacity.data, form, scale]);

  async function submit() {
    const v = await form.validateFields();
    const toStored = (n: number | null | undefined) =>
      n === null || n === undefined ? null : v.basis === 'arr' ? Math.round(n * scale) : Math.round(n);
    const overrides: Record<string, number> = {};
    for (const o of v.overrides ?? []) {
      const limit = toStored(o.limit);
      if (o.userId && limit !== null) overrides[o.userId] = limit;
    }
    try {
      await save.mutateAsync({ basis: v.basis, defaultLimit: toStored(v.defaultLimit), overrides });
      message.success(t('team.capacitySaved'));
      onClose();
    } catch (error) {
      const rest = applyServerErrors(form, error);
      if (rest) message.error(rest);
    }
  }

  const unit = basis === 'arr' ? currency : t('team.accountsUnit');
  return (
    <Modal
      open={open}
      title={t('team.capacityTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'capacity-save', loading: save.isPending } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ basis: 'accounts', defaultLimit: null, overrides: [] }}>
        <Form.Item name="basis" label={t('team.capacityBasis')}>
          <Radio.Group
            options={[
              { value: 'accounts', label: t('team.basisAccounts') },
              { value: 'arr', label: t('team.basisArr') },
            ]}
          />
        </Form.Item>
        <Form.Item name="defaultLimit" label={t('team.defaultLimit')} extra={t('team.defaultLimitHelp')}>
          <InputNumber min={0} addonAfter={unit} style={{ width: 240 }} data-testid="capacity-default" />
        </Form.Item>
        <Form.List name="overrides">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item
                    name={[field.name, 'userId']}
                    rules={[{ required: true, message: t('team.pickPerson') }]}
                    style={{ width: 220 }}
                  >
                    <Select options={owners} showSearch optionFilterProp="label" placeholder={t('team.person')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'limit']} rules={[{ required: true, message: t('team.enterLimit') }]}>
                    <InputNumber min={0} addonAfter={unit} style={{ width: 180 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('team.removeOverride')} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('team.addOverride')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
