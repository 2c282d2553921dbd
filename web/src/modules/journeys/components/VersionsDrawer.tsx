import type { Wire } from '@shared/endpoint';
import type { JourneyView } from '@shared/journeys';
import { Drawer, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { useTeam } from '../../../hooks/useOptions';

/** Every published version, newest first, with who published it and when. */
export function VersionsDrawer({
  journey,
  open,
  onClose,
}: {
  journey: Wire<JourneyView>;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const team = useTeam();
  const names = new Map((team.data ?? []).map((u) => [u.id, u.name]));
  const versions = [...journey.versions].sort((a, b) => b.version - a.version);
  return (
    <Drawer title={t('journeys.versions.title')} open={open} onClose={onClose} width={420}>
      <List
        dataSource={versions}
        locale={{ emptyText: t('journeys.versions.none') }}
        data-testid="journey-versions"
        renderItem={(v) => (
          <List.Item>
            <List.Item.Meta
              title={t('journeys.versions.version', { version: v.version })}
              description={
                <Typography.Text type="secondary">
                  {t('journeys.versions.publishedBy', {
                    who: v.publishedBy ? (names.get(v.publishedBy) ?? v.publishedBy) : t('journeys.versions.system'),
                    when: formatDateTime(v.publishedAt),
                  })}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Drawer>
  );
}
