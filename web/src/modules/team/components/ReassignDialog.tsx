import { ownsAccounts } from '@shared/roles';
import { App, type ButtonProps, Form, Modal, Radio, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useTeam } from '../../../hooks/useOptions';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { useBookAccounts, useReassign } from '../hooks/useTeamPage';

interface Values {
  fromUserId?: string;
  toUserId?: string;
  scope: 'all' | 'some';
  accountIds?: string[];
}

/** Moves a CSM's whole book, or chosen accounts of it, to another owner in one action (confirmed, audited). */
export function ReassignDialog({
  open,
  fromUserId,
  onClose,
}: {
  open: boolean;
  fromUserId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const team = useTeam();
  const reassign = useReassign();
  const from = Form.useWatch('fromUserId', form);
  const scope = Form.useWatch('scope', form);
  const book = useBookAccounts(open ? from : undefined);
  const people = team.data ?? [];
  const owners = useMemo(
    () => people.filter((u) => u.active && ownsAccounts(u.role)).map((u) => ({ value: u.id, label: u.name })),
    [people],
  );
  const everyone = useMemo(() => people.map((u) => ({ value: u.id, label: u.name })), [people]);

  useEffect(() => {
    if (open) form.setFieldsValue({ fromUserId, toUserId: undefined, scope: 'all', accountIds: undefined });
  }, [open, fromUserId, form]);

  // Chosen accounts belong to the book they were picked from.
  useEffect(() => {
    form.setFieldValue('accountIds', undefined);
  }, [from, form]);

  const nameOf = (id?: string) => people.find((u) => u.id === id)?.name ?? '';

  async function submit() {
    const values = await form.validateFields();
    const count = values.scope === 'some' ? (values.accountIds?.length ?? 0) : (book.data?.total ?? 0);
    modal.confirm({
      title: t('team.reassignConfirmTitle'),
      content: t('team.reassignConfirm', { count, from: nameOf(values.fromUserId), to: nameOf(values.toUserId) }),
      okText: t('team.reassign'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'reassign-confirm' } as ButtonProps,
      onOk: async () => {
        try {
          const result = await reassign.mutateAsync({
            fromUserId: values.fromUserId!,
            toUserId: values.toUserId!,
            accountIds: values.scope === 'some' ? values.accountIds : undefined,
          });
          message.success(t('team.reassigned', { count: result.moved, ctas: result.ctasMoved }));
          onClose();
        } catch (error) {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        }
      },
    });
  }

  return (
    <Modal
      open={open}
      title={t('team.reassignTitle')}
      okText={t('team.reassign')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'reassign-submit', loading: reassign.isPending } as ButtonProps}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="reassign-form">
        <Form.Item name="fromUserId" label={t('team.from')} rules={[{ required: true, message: t('team.pickFrom') }]}>
          <Select options={everyone} showSearch optionFilterProp="label" data-testid="reassign-from" />
        </Form.Item>
        <Form.Item name="toUserId" label={t('team.to')} rules={[{ required: true, message: t('team.pickTo') }]}>
          <Select
            options={owners.filter((o) => o.value !== from)}
            showSearch
            optionFilterProp="label"
            data-testid="reassign-to"
          />
        </Form.Item>
        <Form.Item name="scope" label={t('team.which')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('team.wholeBook', { count: book.data?.total ?? 0 }) },
              { value: 'some', label: t('team.chosenAccounts') },
            ]}
            data-testid="reassign-scope"
          />
        </Form.Item>
        {scope === 'some' ? (
          <Form.Item
            name="accountIds"
            label={t('team.accountsToMove')}
            rules={[{ required: true, message: t('team.pickAccounts') }]}
          >
            <AccountSelect multiple ownerId={from} data-testid="reassign-accounts" style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
