import { Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { useTeam } from '../../../hooks/useOptions';
import { useCan, useMe } from '../../auth/hooks/useMe';
import { CsmHome } from '../components/CsmHome';
import { FreshnessCard } from '../components/FreshnessCard';
import { TeamHome } from '../components/TeamHome';

/**
 * Home (`/`) per role (docs/home.md): admins and CS managers land on the team view and may open any
 * CSM's book (`?ownerId=`); everyone else sees their own book. Admins also see the data freshness.
 */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const isManager = useCan('manage');
  const isAdmin = useCan('admin');
  const team = useTeam();
  const [params, setParams] = useSearchParams();
  const ownerId = params.get('ownerId') ?? undefined;
  const view = isManager && !ownerId ? 'team' : 'book';
  const csms = (team.data ?? []).filter((u) => u.role === 'csm' || u.id === me.data?.id);

  const picker = isManager ? (
    <Space wrap>
      <Segmented
        value={view}
        onChange={(v) => setParams(v === 'team' ? {} : { ownerId: me.data?.id ?? '' })}
        options={[
          { value: 'team', label: t('home.teamView') },
          { value: 'book', label: t('home.bookView') },
        ]}
        data-testid="home-view"
      />
      {view === 'book' ? (
        <Select
          style={{ width: 200 }}
          value={ownerId}
          onChange={(id) => setParams({ ownerId: id })}
          options={csms.map((u) => ({ value: u.id, label: u.name }))}
          aria-label={t('home.pickCsm')}
          data-testid="home-csm"
          showSearch
          optionFilterProp="label"
        />
      ) : null}
    </Space>
  ) : undefined;

  return (
    <>
      <PageHeader
        title={t('nav.home')}
        subtitle={view === 'team' ? t('home.teamSubtitle') : t('home.bookSubtitle')}
        extra={picker}
      />
      {view === 'team' ? <TeamHome /> : <CsmHome ownerId={ownerId} />}
      {isAdmin && view === 'team' ? <FreshnessCard /> : null}
    </>
  );
}
