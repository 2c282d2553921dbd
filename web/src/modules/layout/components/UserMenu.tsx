import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe, useSignOut } from '../../auth/hooks/useMe';

export function UserMenu() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me) return null;
  const initials = me.name.trim().slice(0, 1).toUpperCase();

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            label: <Typography.Text type="secondary">{me.email ?? me.name}</Typography.Text>,
            disabled: true,
          },
          { type: 'divider' },
          {
            key: 'profile',
            icon: <UserOutlined />,
            label: <span data-testid="profile-link">{t('profile.title')}</span>,
          },
          { key: 'signout', icon: <LogoutOutlined />, label: <span data-testid="sign-out">{t('auth.signOut')}</span> },
        ],
        onClick: ({ key }) => {
          if (key === 'profile') void navigate('/profile');
          if (key === 'signout')
            signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) });
        },
      }}
    >
      <Button type="text" style={{ height: 48 }} data-testid="user-menu">
        <Flex align="center" gap={8}>
          <Avatar size="small" style={{ background: '#3b5bdb' }}>
            {initials}
          </Avatar>
          <Flex vertical align="flex-start" style={{ lineHeight: 1.2 }}>
            <span data-testid="current-user">{me.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`roles.${me.role}`)}
            </Typography.Text>
          </Flex>
          <DownOutlined style={{ fontSize: 10 }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}
