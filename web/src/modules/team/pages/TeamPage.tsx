import { RadarChartOutlined, SettingOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDate } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { CapacityForm } from '../components/CapacityForm';
import { ReassignDialog } from '../components/ReassignDialog';
import { TeamTable } from '../components/TeamTable';
import { useTeamOverview } from '../hooks/useTeamPage';

/** Team and workload (`/team`, managers and admins; docs/team.md): books side by side, capacity, reassignment. */
export function TeamPage() {
  const { t } = useTranslation();
  const isAdmin = useCan('admin');
  const team = useTeamOverview();
  const [dialog, setDialog] = useState<'reassign' | 'capacity' | null>(null);

  return (
    <>
      <PageHeader
        title={t('nav.team')}
        subtitle={t('team.subtitle')}
        extra={
          <>
            <Link to="/team/maturity">
              <Button icon={<RadarChartOutlined />} data-testid="team-maturity">
                {t('maturity.title')}
              </Button>
            </Link>
            {isAdmin ? (
              <Button icon={<SettingOutlined />} onClick={() => setDialog('capacity')} data-testid="team-capacity">
                {t('team.capacity')}
              </Button>
            ) : null}
            <Button
              type="primary"
              icon={<SwapOutlined />}
              onClick={() => setDialog('reassign')}
              data-testid="team-reassign"
            >
              {t('team.reassignBook')}
            </Button>
          </>
        }
      />
      {team.isPending ? (
        <Skeleton active />
      ) : team.isError ? (
        <QueryError error={team.error} onRetry={() => void team.refetch()} />
      ) : (
        <Card size="small">
          <TeamTable team={team.data} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
            {t('team.footnote', { from: formatDate(team.data.window.from), to: formatDate(team.data.window.to) })}
          </Typography.Paragraph>
        </Card>
      )}
      <ReassignDialog open={dialog === 'reassign'} onClose={() => setDialog(null)} />
      <CapacityForm
        open={dialog === 'capacity'}
        currency={team.data?.currency ?? 'USD'}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
