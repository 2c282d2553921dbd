import {
  AccountBookOutlined,
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BranchesOutlined,
  CalendarOutlined,
  DashboardOutlined,
  HeartOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LineChartOutlined,
  MessageOutlined,
  NodeIndexOutlined,
  PartitionOutlined,
  RiseOutlined,
  RocketOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SettingOutlined,
  SolutionOutlined,
  SyncOutlined,
  TagsOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Layout, Menu, type MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { useCan } from '../../auth/hooks/useMe';
import { NotificationBell } from '../../notifications/components/NotificationBell';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';

const { Sider, Header, Content } = Layout;

/** The menu key a path belongs to: /accounts/<id> still lights up Accounts, / is Home. */
function selectedKey(pathname: string) {
  const [first, second] = pathname.split('/').filter(Boolean);
  if (!first) return '/';
  return first === 'settings' ? `/settings/${second ?? 'users'}` : `/${first}`;
}

export function AppLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const isAdmin = useCan('admin');
  const canManage = useCan('manage');
  const canWrite = useCan('write');
  const [collapsed, setCollapsed] = useState(false);

  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('nav.home')}</Link> },
    { key: '/ctas', icon: <AlertOutlined />, label: <Link to="/ctas">{t('nav.ctas')}</Link> },
    { key: '/accounts', icon: <BankOutlined />, label: <Link to="/accounts">{t('nav.accounts')}</Link> },
    { key: '/onboarding', icon: <RocketOutlined />, label: <Link to="/onboarding">{t('nav.onboarding')}</Link> },
    { key: '/segments', icon: <ApartmentOutlined />, label: <Link to="/segments">{t('nav.segments')}</Link> },
    { key: '/renewals', icon: <SyncOutlined />, label: <Link to="/renewals">{t('nav.renewals')}</Link> },
    { key: '/revenue', icon: <LineChartOutlined />, label: <Link to="/revenue">{t('nav.revenue')}</Link> },
    { key: '/health', icon: <HeartOutlined />, label: <Link to="/health/backtest">{t('nav.healthBacktest')}</Link> },
    { key: '/events', icon: <ThunderboltOutlined />, label: <Link to="/events">{t('nav.events')}</Link> },
    { key: '/voc', icon: <MessageOutlined />, label: <Link to="/voc">{t('voc.menu')}</Link> },
    { key: '/surveys', icon: <SolutionOutlined />, label: <Link to="/surveys">{t('surveys.menu')}</Link> },
    { key: '/journeys', icon: <PartitionOutlined />, label: <Link to="/journeys">{t('journeys.menu')}</Link> },
    { key: '/activation', icon: <RiseOutlined />, label: <Link to="/activation">{t('activation.nav')}</Link> },
    ...(canManage ? [{ key: '/team', icon: <TeamOutlined />, label: <Link to="/team">{t('nav.team')}</Link> }] : []),
    ...(canManage
      ? [{ key: '/prediction', icon: <AimOutlined />, label: <Link to="/prediction">{t('nav.prediction')}</Link> }]
      : []),
    ...(canWrite
      ? [{ key: '/imports', icon: <UploadOutlined />, label: <Link to="/imports">{t('nav.imports')}</Link> }]
      : []),
    ...(canManage
      ? [
          {
            key: 'settings',
            icon: <SettingOutlined />,
            label: t('nav.settings'),
            children: [
              {
                key: '/settings/users',
                icon: <TeamOutlined />,
                label: <Link to="/settings/users">{t('nav.users')}</Link>,
              },
              {
                key: '/settings/tokens',
                icon: <KeyOutlined />,
                label: <Link to="/settings/tokens">{t('nav.tokens')}</Link>,
              },
              {
                key: '/settings/keys',
                icon: <SendOutlined />,
                label: <Link to="/settings/keys">{t('nav.writeKeys')}</Link>,
              },
              {
                key: '/settings/scim',
                icon: <IdcardOutlined />,
                label: <Link to="/settings/scim">{t('nav.scim')}</Link>,
              },
              {
                key: '/settings/handoff',
                icon: <SolutionOutlined />,
                label: <Link to="/settings/handoff">{t('nav.handoffSettings')}</Link>,
              },
              {
                key: '/settings/fit',
                icon: <SolutionOutlined />,
                label: <Link to="/settings/fit">{t('nav.fitSettings')}</Link>,
              },
              {
                key: '/settings/reviews',
                icon: <CalendarOutlined />,
                label: <Link to="/settings/reviews">{t('reviews.settings.nav')}</Link>,
              },
              {
                key: '/settings/success-plans',
                icon: <SolutionOutlined />,
                label: <Link to="/settings/success-plans">{t('nav.successPlanSettings')}</Link>,
              },
              {
                key: '/settings/lifecycle',
                icon: <NodeIndexOutlined />,
                label: <Link to="/settings/lifecycle">{t('nav.lifecycleSettings')}</Link>,
              },
              {
                key: '/settings/notifications',
                icon: <BellOutlined />,
                label: <Link to="/settings/notifications">{t('nav.notificationSettings')}</Link>,
              },
              {
                key: '/settings/messages',
                icon: <BellOutlined />,
                label: <Link to="/settings/messages">{t('nav.messagingSettings')}</Link>,
              },
              {
                key: '/settings/in-app',
                icon: <BellOutlined />,
                label: <Link to="/settings/in-app">{t('nav.inAppSettings')}</Link>,
              },
              {
                key: '/settings/stripe',
                icon: <ApiOutlined />,
                label: <Link to="/settings/stripe">{t('nav.stripe')}</Link>,
              },
              {
                key: '/settings/zendesk',
                icon: <ApiOutlined />,
                label: <Link to="/settings/zendesk">{t('nav.zendesk')}</Link>,
              },
              {
                key: '/settings/hubspot',
                icon: <ApiOutlined />,
                label: <Link to="/settings/hubspot">{t('nav.hubspot')}</Link>,
              },
              {
                key: '/settings/salesforce',
                icon: <ApiOutlined />,
                label: <Link to="/settings/salesforce">{t('salesforce.title')}</Link>,
              },
              {
                key: '/settings/sso',
                icon: <SafetyCertificateOutlined />,
                label: <Link to="/settings/sso">{t('nav.ssoSettings')}</Link>,
              },
              {
                key: '/settings/rules',
                icon: <BranchesOutlined />,
                label: <Link to="/settings/rules">{t('nav.rules')}</Link>,
              },
              {
                key: '/settings/revenue',
                icon: <AccountBookOutlined />,
                label: <Link to="/settings/revenue">{t('nav.revenueSettings')}</Link>,
              },
              {
                key: '/settings/scorecards',
                icon: <DashboardOutlined />,
                label: <Link to="/settings/scorecards">{t('nav.scorecards')}</Link>,
              },
              {
                key: '/settings/attributes',
                icon: <TagsOutlined />,
                label: <Link to="/settings/attributes">{t('nav.attributeSettings')}</Link>,
              },
              {
                key: '/settings/audit',
                icon: <AuditOutlined />,
                label: <Link to="/settings/audit">{t('nav.audit')}</Link>,
              },
            ].filter((item) => isAdmin || item.key === '/settings/revenue' || item.key === '/settings/rules'),
          },
        ]
      : []),
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={220}
        breakpoint="lg"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Link
          to="/"
          style={{ display: 'flex', alignItems: 'center', gap: 10, height: 56, padding: '0 20px', color: '#fff' }}
        >
          <img src="/favicon.svg" alt="" width={28} height={28} />
          {collapsed ? null : <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 0.3 }}>Tenure</span>}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selectedKey(pathname)]}
          defaultOpenKeys={pathname.startsWith('/settings') ? ['settings'] : []}
          items={items}
          data-testid="side-nav"
        />
      </Sider>
      <Layout>
        <Header
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: 8,
            padding: '0 24px',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <NotificationBell />
          <LanguageSwitch />
          <UserMenu />
        </Header>
        <Content style={{ padding: 24 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
