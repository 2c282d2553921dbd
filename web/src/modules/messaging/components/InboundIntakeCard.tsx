import { Alert, Card, Descriptions, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useInboundIntake } from '../hooks/useMessaging';

/**
 * Where replies and bounces come back (docs/messaging.md, "Replies and bounces"): the intake URL and its key,
 * and the one line an MTA's pipe (or a mail provider's inbound webhook) runs for each message.
 */
export function InboundIntakeCard() {
  const { t } = useTranslation();
  const intake = useInboundIntake();
  const pipe = intake.data
    ? `curl -sS --data-binary @- -H 'Content-Type: message/rfc822' -H 'Authorization: Bearer ${intake.data.key}' ${intake.data.url}`
    : '';
  return (
    <Card title={t('messaging.inbound.title')} data-testid="inbound-intake">
      <Typography.Paragraph type="secondary">{t('messaging.inbound.intro')}</Typography.Paragraph>
      {intake.isError ? (
        <Alert type="error" message={t('messaging.inbound.error')} />
      ) : !intake.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('messaging.inbound.url')}>
            <Typography.Text copyable code>
              {intake.data.url}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('messaging.inbound.key')}>
            <Typography.Text copyable={{ text: intake.data.key }} code>
              {`${intake.data.key.slice(0, 12)}…`}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('messaging.inbound.pipe')}>
            <Typography.Text copyable={{ text: pipe }} code style={{ wordBreak: 'break-all' }}>
              {pipe.replace(intake.data.key, '…')}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
