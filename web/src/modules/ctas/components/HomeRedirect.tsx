import { Navigate } from 'react-router';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { useMe } from '../../auth/hooks/useMe';

/** CSMs and onboarding managers land on their CTAs; everyone else on the accounts list. */
export function HomeRedirect() {
  const me = useMe();
  if (me.isPending) return <FullPageSpin />;
  const role = me.data?.role;
  return <Navigate to={role === 'csm' || role === 'onboarding' ? '/ctas' : '/accounts'} replace />;
}
