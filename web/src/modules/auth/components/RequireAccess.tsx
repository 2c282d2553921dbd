import type { Access } from '@shared/roles';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useCan } from '../hooks/useMe';

/** Pages only some roles may open; the navigation hides them too. */
export function RequireAccess({ access }: { access: Access }) {
  const { t } = useTranslation();
  if (!useCan(access)) return <Result status="403" title="403" subTitle={t('common.noAccess')} />;
  return <Outlet />;
}
