import { Alert, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A secret the server shows once (an API token, a write key, a SCIM token): a warning that it will not be
 * shown again, the value with a copy button, and an optional note on how to use it.
 */
export function SecretOnceModal({
  secret,
  title,
  warning,
  note,
  testId,
  onClose,
}: {
  /** The value; the dialog is open while there is one. */
  secret: string | null;
  title: string;
  warning: string;
  note?: ReactNode;
  testId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== null}
      title={title}
      onCancel={onClose}
      onOk={onClose}
      okText={t('tokens.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
    >
      <Alert type="warning" showIcon message={warning} style={{ marginBottom: 12 }} />
      <Typography.Paragraph
        copyable={{ text: secret ?? '' }}
        code
        style={{ wordBreak: 'break-all', fontSize: 13 }}
        data-testid={testId}
      >
        {secret}
      </Typography.Paragraph>
      {note ? <Typography.Text type="secondary">{note}</Typography.Text> : null}
    </Modal>
  );
}
