import type { Wire } from '@shared/endpoint';
import type { JourneyView } from '@shared/journeys';
import { Breadcrumb, Space, Tabs, Tag } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { JourneyActions } from '../components/JourneyActions';
import { JourneyEditor } from '../components/JourneyEditor';
import { JourneyStatusTag } from '../components/JourneyStatusTag';
import { ParticipantsTab } from '../components/ParticipantsTab';
import { VersionsDrawer } from '../components/VersionsDrawer';
import { useJourneyDraft } from '../hooks/useJourneyDraft';
import { useLeaveGuard } from '../hooks/useLeaveGuard';
import { useJourney, useSegmentOptions, useSurveyOptions, useTemplateOptions } from '../hooks/useJourneys';
import { ENTRY_NODE } from '../layout';

/** A journey: its flow editor (admins and CS managers edit, others read) and its participants. */
export function JourneyPage() {
  const { id = '' } = useParams();
  const journey = useJourney(id);
  if (journey.isError) return <QueryError error={journey.error} onRetry={() => void journey.refetch()} />;
  if (!journey.data) return <FullPageSpin />;
  return <JourneyScreen key={journey.data.id} journey={journey.data} />;
}

function JourneyScreen({ journey }: { journey: Wire<JourneyView> }) {
  const { t } = useTranslation();
  const canManage = useCan('manage');
  const canEdit = canManage && journey.status !== 'archived';
  const { draft, setDraft, dirty, issues, saveDraft, saving } = useJourneyDraft(journey);
  useLeaveGuard(dirty);
  const [selected, setSelected] = useState<string | null>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const templates = useTemplateOptions();
  const segments = useSegmentOptions();
  const surveys = useSurveyOptions();
  const lookups = useMemo(
    () => ({
      templates: new Map((templates.data ?? []).map((x) => [x.id, { name: x.name, channel: x.channel }])),
      segments: new Map((segments.data ?? []).map((s) => [s.id, s.name])),
      surveys: new Map((surveys.data ?? []).map((s) => [s.id, s.name])),
    }),
    [templates.data, segments.data, surveys.data],
  );
  const stats = useMemo(
    () => (journey.version === null ? null : new Map(journey.steps.map((s) => [s.stepId, s]))),
    [journey.version, journey.steps],
  );
  const select = useCallback((next: string | null) => setSelected(next), []);

  const save = async () => {
    const refused = await saveDraft();
    if (!refused) return true;
    // A refusal opens the first step it names (else the settings), so its field shows the message.
    const firstStep = Object.keys(refused.steps)[0];
    if (firstStep) setSelected(firstStep);
    else if (Object.keys(refused.settings).length) setSelected(ENTRY_NODE);
    return false;
  };

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/journeys">{t('journeys.menu')}</Link> }, { title: journey.name }]}
      />
      <PageHeader
        title={
          <Space>
            <span data-testid="journey-title">{journey.name}</span>
            <JourneyStatusTag status={journey.status} />
            {journey.version !== null ? (
              <Tag data-testid="journey-version">{t('journeys.versions.version', { version: journey.version })}</Tag>
            ) : null}
            {journey.hasUnpublishedChanges && journey.version !== null ? (
              <Tag color="orange" data-testid="journey-unpublished">
                {t('journeys.unpublished')}
              </Tag>
            ) : null}
            {dirty ? (
              <Tag color="gold" data-testid="journey-unsaved">
                {t('journeys.unsaved')}
              </Tag>
            ) : null}
          </Space>
        }
        documentTitle={journey.name}
        subtitle={journey.description || undefined}
        extra={
          <JourneyActions
            journey={journey}
            canEdit={canEdit}
            dirty={dirty}
            saving={saving}
            save={save}
            onSettings={() => setSelected(ENTRY_NODE)}
            onVersions={() => setVersionsOpen(true)}
          />
        }
      />
      <Tabs
        destroyOnHidden={false}
        items={[
          {
            key: 'flow',
            label: t('journeys.tabs.flow'),
            children: (
              <JourneyEditor
                draft={draft}
                onChange={setDraft}
                issues={issues}
                canEdit={canEdit}
                lookups={lookups}
                stats={stats}
                selected={selected}
                onSelect={select}
              />
            ),
          },
          {
            key: 'participants',
            label: <span data-testid="journey-tab-participants">{t('journeys.tabs.participants')}</span>,
            children: <ParticipantsTab journey={journey} />,
          },
        ]}
      />
      <VersionsDrawer journey={journey} open={versionsOpen} onClose={() => setVersionsOpen(false)} />
    </>
  );
}
