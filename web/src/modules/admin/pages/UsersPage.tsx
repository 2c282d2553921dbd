import { KeyOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '@shared/roles';
import { App, Button, Card, Empty, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/forms';
import type { User } from '@shared/users';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, fromNow } from '../../../lib/format';
import { useEnumOptions, useTeam } from '../../../hooks/useOptions';
import { useMe } from '../../auth/hooks/useMe';
import { PasswordModal } from '../components/PasswordModal';
import { UserModal } from '../components/UserModal';
import { useUpdateUser } from '../hooks/useAdmin';

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const users = useTeam();
  const { data: me } = useMe();
  const update = useUpdateUser();
  const roles = useEnumOptions('roles', ROLES);
  const [creating, setCreating] = useState(false);
  const [passwordFor, setPasswordFor] = useState<User | null>(null);

  const change = (user: User, patch: Partial<User>, done: string) =>
    update.mutateAsync({ id: user.id, patch }).then(
      () => void message.success(done),
      (error: unknown) => void message.error(errorMessage(error)),
    );

  return (
    <>
      <PageHeader
        title={t('nav.users')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            {t('users.create')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        {users.isError ? (
          <QueryError error={users.error} onRetry={() => void users.refetch()} compact />
        ) : (
          <Table<User>
            rowKey="id"
            loading={users.isPending}
            dataSource={users.data}
            pagination={false}
            locale={{ emptyText: <Empty description={t('users.empty')} /> }}
            columns={[
              {
                title: t('users.name'),
                dataIndex: 'name',
                render: (name: string, u) => (
                  <div>
                    <Typography.Text strong>{name}</Typography.Text>
                    {u.id === me?.id ? <Tag style={{ marginInlineStart: 8 }}>{t('users.you')}</Tag> : null}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {u.email}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
              {
                title: t('users.role'),
                dataIndex: 'role',
                width: 190,
                render: (role: Role, u) => (
                  <Select
                    value={role}
                    options={roles}
                    style={{ width: 170 }}
                    onChange={(next: Role) =>
                      void change(u, { role: next }, t('users.roleChanged', { name: u.name, role: t(`roles.${next}`) }))
                    }
                  />
                ),
              },
              {
                title: t('users.status'),
                dataIndex: 'active',
                width: 110,
                render: (active: boolean) =>
                  active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>,
              },
              {
                title: t('users.lastLogin'),
                dataIndex: 'last_login_at',
                width: 150,
                render: (v: string | null) =>
                  v ? <Tooltip title={formatDateTime(v)}>{fromNow(v)}</Tooltip> : t('users.never'),
              },
              {
                key: 'actions',
                width: 220,
                render: (_, u) => (
                  <Space size={0}>
                    <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setPasswordFor(u)}>
                      {t('users.setPassword')}
                    </Button>
                    {u.active ? (
                      <Popconfirm
                        title={t('users.deactivateConfirm', { name: u.name })}
                        description={t('users.deactivateHelp')}
                        okText={t('users.deactivate')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => change(u, { active: false }, t('users.deactivated', { name: u.name }))}
                      >
                        <Button type="link" size="small" danger icon={<StopOutlined />}>
                          {t('users.deactivate')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button
                        type="link"
                        size="small"
                        icon={<CheckCircleOutlined />}
                        onClick={() => void change(u, { active: true }, t('users.reactivated', { name: u.name }))}
                      >
                        {t('users.reactivate')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <UserModal open={creating} onClose={() => setCreating(false)} />
      <PasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} />
    </>
  );
}
