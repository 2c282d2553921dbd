import { ROLES, type Role } from '@shared/roles';
import type { ApiToken } from '@shared/auth';
import { Card, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { secretKeyText, useSecretKeys } from '../../../components/SecretKeys';
import { useEnumOptions } from '../../../hooks/useOptions';
import { useCreateToken, useRevokeToken, useTokens } from '../hooks/useAdmin';

/** Settings → API tokens: keys for scripts and integrations, each acting with a role. */
export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const roles = useEnumOptions('roles', ROLES);
  const keys = useSecretKeys<{ name: string; role: Role }>({
    text: secretKeyText('tokens'),
    testId: 'token',
    create: (values) => create.mutateAsync(values).then((c) => ({ name: c.name, secret: c.token })),
    saving: create.isPending,
    revoke: (id) => revoke.mutateAsync(id),
    secretNote: t('tokens.usage'),
  });

  return (
    <>
      <PageHeader title={t('nav.tokens')} subtitle={t('tokens.subtitle')} extra={keys.createButton} />
      <Card styles={{ body: { padding: 0 } }}>
        {tokens.isError ? (
          <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} compact />
        ) : (
          keys.table<ApiToken>({
            rows: tokens.data,
            loading: tokens.isPending,
            columns: [{ title: t('users.role'), dataIndex: 'role', width: 150, render: (r: Role) => t(`roles.${r}`) }],
          })
        )}
      </Card>
      {keys.dialogs(
        <Form.Item name="role" label={t('users.role')} extra={t('tokens.roleHelp')}>
          <Select options={roles} />
        </Form.Item>,
        { role: 'viewer' },
      )}
    </>
  );
}
