import { toMinorUnits } from '@shared/money';
import { CHURN_REASONS, type ChurnReason, RENEWAL_OUTCOMES, type RenewalOutcome } from '@shared/renewals';
import { App, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useEnumOptions } from '../../../hooks/useOptions';
import { type Renewal, useRecordOutcome } from '../hooks/useRenewals';

interface Values {
  outcome: RenewalOutcome;
  churnReason?: ChurnReason;
  comment?: string;
  newArr?: number;
}

/** Records how a renewal ended; a churn (and a downgrade, optionally) takes a reason from the taxonomy. */
export function OutcomeModal({ renewal, onClose }: { renewal: Renewal | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordOutcome();
  const outcomes = useEnumOptions('renewals.outcomes', RENEWAL_OUTCOMES);
  const reasons = useEnumOptions('renewals.reasons', CHURN_REASONS);
  const outcome = Form.useWatch('outcome', form);

  const submit = async (values: Values) => {
    if (!renewal) return;
    try {
      await record.mutateAsync({
        accountId: renewal.accountId,
        renewsOn: renewal.renewsOn,
        outcome: values.outcome,
        churnReason: values.churnReason,
        comment: values.comment?.trim() || undefined,
        newArrMinor:
          values.newArr === undefined || values.newArr === null
            ? undefined
            : toMinorUnits(values.newArr, renewal.currency),
      });
      message.success(t('renewals.outcomeRecorded'));
      form.resetFields();
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) {
        form.setFields(
          error.issues.map((i) => ({
            name: i.path.replace(/^body\./, '') === 'newArrMinor' ? 'newArr' : i.path.replace(/^body\./, ''),
            errors: [i.message],
          })) as never,
        );
      } else message.error(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Modal
      open={Boolean(renewal)}
      title={renewal ? t('renewals.recordOutcomeFor', { name: renewal.accountName, date: renewal.renewsOn }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'outcome-save' } as never}
    >
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'renewed' }}>
        <Form.Item name="outcome" label={t('renewals.outcome')} rules={[{ required: true }]}>
          <Select options={outcomes} data-testid="outcome-select" />
        </Form.Item>
        {outcome === 'churned' || outcome === 'downgraded' ? (
          <Form.Item
            name="churnReason"
            label={t('renewals.churnReason')}
            rules={outcome === 'churned' ? [{ required: true, message: t('renewals.reasonRequired') }] : []}
          >
            <Select options={reasons} allowClear data-testid="reason-select" />
          </Form.Item>
        ) : null}
        {outcome === 'expanded' || outcome === 'downgraded' ? (
          <Form.Item name="newArr" label={t('renewals.newArr', { currency: renewal?.currency ?? '' })}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Form.Item name="comment" label={t('renewals.comment')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
