import type { SurveySendResult } from '@shared/surveys';
import { Alert, Descriptions, Form, Modal, Segmented, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountSelect } from '../../accounts/components/AccountSelect';
import { useSegmentOptions, useSendSurvey } from '../hooks/useSurveys';

type Target = 'account' | 'segment';

/** Sends a survey to an account's or a segment's contacts and shows how many were sent and why others were not. */
export function SendSurveyModal({
  survey,
  onClose,
}: {
  survey: { id: string; name: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<Target>('account');
  const [chosen, setChosen] = useState<string | null>(null);
  const [result, setResult] = useState<SurveySendResult | null>(null);
  const send = useSendSurvey();
  const segments = useSegmentOptions();

  const close = () => {
    setResult(null);
    setChosen(null);
    onClose();
  };
  const submit = () => {
    if (!survey || !chosen) return;
    send.mutate(
      { id: survey.id, target: target === 'account' ? { accountId: chosen } : { segmentId: chosen } },
      { onSuccess: setResult },
    );
  };
  const reason = (code: string) =>
    t(`surveys.skippedReason.${code}`, { defaultValue: t(`messaging.reasons.${code}`, { defaultValue: code }) });

  return (
    <Modal
      open={Boolean(survey)}
      title={t('surveys.sendTitle', { name: survey?.name ?? '' })}
      okText={result ? t('surveys.close') : t('surveys.send')}
      cancelText={t('common.cancel')}
      onOk={result ? close : submit}
      okButtonProps={{ disabled: !result && !chosen }}
      cancelButtonProps={{ style: result ? { display: 'none' } : undefined }}
      onCancel={close}
      confirmLoading={send.isPending}
      destroyOnHidden
    >
      {result ? (
        <div data-testid="survey-send-result">
          <Alert
            type={result.sent ? 'success' : 'warning'}
            showIcon
            message={t('surveys.result', { sent: result.sent, selected: result.selected })}
            style={{ marginBottom: 12 }}
          />
          {Object.keys(result.skipped).length || result.failed ? (
            <Descriptions size="small" column={1} bordered>
              {Object.entries(result.skipped).map(([code, n]) => (
                <Descriptions.Item key={code} label={reason(code)}>
                  {n}
                </Descriptions.Item>
              ))}
              {result.failed ? (
                <Descriptions.Item label={t('surveys.failed')}>{result.failed}</Descriptions.Item>
              ) : null}
            </Descriptions>
          ) : null}
        </div>
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('surveys.target')}>
            <Segmented
              value={target}
              onChange={(v) => {
                setTarget(v as Target);
                setChosen(null);
              }}
              options={(['account', 'segment'] as const).map((v) => ({ value: v, label: t(`surveys.targets.${v}`) }))}
              data-testid="survey-send-target"
            />
          </Form.Item>
          <Form.Item label={target === 'account' ? t('surveys.account') : t('surveys.segment')}>
            {target === 'account' ? (
              <AccountSelect
                value={chosen}
                onChange={(v) => setChosen(typeof v === 'string' ? v : null)}
                style={{ width: '100%' }}
                data-testid="survey-send-account"
              />
            ) : (
              <Select
                value={chosen}
                onChange={setChosen}
                loading={segments.isPending}
                options={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
                style={{ width: '100%' }}
                data-testid="survey-send-segment"
              />
            )}
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
