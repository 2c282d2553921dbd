import { ArrowLeftOutlined, DeleteOutlined, GlobalOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Popconfirm, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../../api/forms';
import type { Account } from '@shared/accounts';
import { StageTag, TierTag } from '../../../components/EnumTags';
import { useCan } from '../../auth/hooks/useMe';
import { LifecycleControl } from '../../lifecycle/components/LifecycleControl';
import { useDeleteAccount } from '../hooks/useAccount';
import { AccountVitals } from './AccountVitals';

export function AccountHeader({ account }: { account: Account }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canManage = useCan('manage');
  const remove = useDeleteAccount(account.id);

  return (
    <Card styles={{ body: { padding: '16px 24px' } }} style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Link to="/accounts" style={{ fontSize: 13 }}>
            <ArrowLeftOutlined /> {t('nav.accounts')}
          </Link>
          <Flex align="center" gap={12} wrap style={{ marginTop: 4 }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="account-title">
              {account.name}
            </Typography.Title>
            <Space size={4}>
              <TierTag tier={account.tier} />
              <StageTag stage={account.lifecycleStage} />
              <LifecycleControl accountId={account.id} />
            </Space>
          </Flex>
          <Space size="large" wrap style={{ marginTop: 6 }}>
            <Typography.Text type="secondary">
              <UserOutlined /> {t('fields.owner_id')}: {account.ownerName ?? t('common.unassigned')}
            </Typography.Text>
            {account.domain ? (
              <Typography.Text type="secondary">
                <GlobalOutlined /> {account.domain}
              </Typography.Text>
            ) : null}
            {account.externalId ? (
              <Typography.Text type="secondary" copyable={{ text: account.externalId }}>
                {t('fields.external_id')}: {account.externalId}
              </Typography.Text>
            ) : null}
            {account.parentId ? (
              <Typography.Text type="secondary">
                {t('fields.parent_id')}: <Link to={`/accounts/${account.parentId}`}>{account.parentName}</Link>
              </Typography.Text>
            ) : null}
          </Space>
          <AccountVitals accountId={account.id} />
        </div>
        {canManage ? (
          <Popconfirm
            title={t('account360.deleteConfirm', { name: account.name })}
            description={t('account360.deleteHelp')}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() =>
              remove.mutateAsync(undefined, {
                onSuccess: () => {
                  message.success(t('account360.deleted', { name: account.name }));
                  void navigate('/accounts', { replace: true });
                },
                onError: (error) => message.error(errorMessage(error)),
              })
            }
          >
            <Button danger icon={<DeleteOutlined />}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        ) : null}
      </Flex>
    </Card>
  );
}
