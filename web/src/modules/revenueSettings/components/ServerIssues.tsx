import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../api/forms';

/**
 * Why a save was refused: each issue the server named ({path, message}), its path made readable
 * (`body.EUR` → `EUR`, `body.2024-01.grossMargin` → "Jan 2024 · Gross margin"), or the message alone.
 */
export function ServerIssues({
  error,
  describePath,
  onClose,
}: {
  error: unknown;
  describePath: (path: string[]) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      message={t('revenueSettings.notSaved')}
      description={
        issues.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {issues.map((issue, i) => {
              const path = issue.path.split('.').filter(Boolean);
              const where = path[0] === 'body' ? describePath(path.slice(1)) : issue.path;
              return (
                <li key={i}>
                  {where ? `${where} — ` : ''}
                  {issue.message}
                </li>
              );
            })}
          </ul>
        ) : (
          errorMessage(error)
        )
      }
      data-testid="settings-server-error"
    />
  );
}
