import { HistoryOutlined, SettingOutlined } from '@ant-design/icons';
import type { Wire } from '@shared/endpoint';
import type { JourneyView } from '@shared/journeys';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useJourneyAction } from '../hooks/useJourneys';

interface Props {
  journey: Wire<JourneyView>;
  canEdit: boolean;
  dirty: boolean;
  saving: boolean;
  /** Saves the draft; false when the server refused it (the editor then shows why). */
  save: () => Promise<boolean>;
  onSettings: () => void;
  onVersions: () => void;
}

/** Save draft, publish (after a confirmation naming the version), pause / resume, archive, settings, versions. */
export function JourneyActions({ journey, canEdit, dirty, saving, save, onSettings, onVersions }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const action = useJourneyAction(journey.id);
  const nextVersion = (journey.version ?? 0) + 1;
  const archived = journey.status === 'archived';
  const canPublish = !archived && (dirty || journey.hasUnpublishedChanges || journey.version === null);

  const publish = () =>
    modal.confirm({
      title: t('journeys.publishConfirm.title', { version: nextVersion }),
      content: t(journey.version === null ? 'journeys.publishConfirm.first' : 'journeys.publishConfirm.body'),
      okText: t('journeys.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        // The draft on screen is what gets published: unsaved edits are saved first.
        if (dirty && !(await save())) return;
        // A refusal is said by the error toast (the mutation's meta).
        action.mutate('publish', {
          onSuccess: () => message.success(t('journeys.published', { version: nextVersion })),
        });
      },
    });

  const archive = () =>
    modal.confirm({
      title: t('journeys.archiveConfirm.title'),
      content: t('journeys.archiveConfirm.body'),
      okText: t('journeys.archive'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => action.mutate('archive', { onSuccess: () => message.success(t('journeys.archived')) }),
    });

  const simple = (kind: 'pause' | 'resume') => () =>
    action.mutate(kind, {
      onSuccess: () => message.success(t(kind === 'pause' ? 'journeys.pausedDone' : 'journeys.resumedDone')),
    });

  return (
    <>
      <Button icon={<SettingOutlined />} onClick={onSettings} data-testid="journey-settings">
        {t('journeys.settings.title')}
      </Button>
      <Button icon={<HistoryOutlined />} onClick={onVersions} data-testid="journey-versions-open">
        {t('journeys.versions.title')}
      </Button>
      {canEdit ? (
        <>
          <Button onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="journey-save">
            {t('journeys.saveDraft')}
          </Button>
          {journey.status === 'active' ? (
            <Button onClick={simple('pause')} loading={action.isPending} data-testid="journey-pause">
              {t('journeys.pause')}
            </Button>
          ) : null}
          {journey.status === 'paused' ? (
            <Button onClick={simple('resume')} loading={action.isPending} data-testid="journey-resume">
              {t('journeys.resume')}
            </Button>
          ) : null}
          <Button danger onClick={archive} disabled={archived} data-testid="journey-archive">
            {t('journeys.archive')}
          </Button>
          <Button type="primary" onClick={publish} disabled={!canPublish} data-testid="journey-publish">
            {t('journeys.publish')}
          </Button>
        </>
      ) : null}
    </>
  );
}
