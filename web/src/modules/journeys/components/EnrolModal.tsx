import { App, Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { useEnrol } from '../hooks/useJourneys';

/** Enrols accounts by hand (whatever the entry kind); the re-entry rules may skip some, and the toast says so. */
export function EnrolModal({ journeyId, open, onClose }: { journeyId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [accountIds, setAccountIds] = useState<string[]>([]);
  const enrol = useEnrol(journeyId);
  return (
    <Modal
      title={t('journeys.enrol.title')}
      open={open}
      onCancel={onClose}
      okText={t('journeys.enrol.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={
        { disabled: accountIds.length === 0, loading: enrol.isPending, 'data-testid': 'enrol-ok' } as never
      }
      onOk={() =>
        enrol.mutate(accountIds, {
          onSuccess: (r) => {
            message.success(t('journeys.enrol.result', { enrolled: r.enrolled, skipped: r.skipped }));
            setAccountIds([]);
            onClose();
          },
        })
      }
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('journeys.enrol.accounts')} extra={t('journeys.enrol.hint')}>
          <AccountSelect
            multiple
            value={accountIds}
            onChange={(v) => setAccountIds(Array.isArray(v) ? v : v ? [v] : [])}
            style={{ width: '100%' }}
            data-testid="enrol-accounts"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
