import type { JourneyStepKind } from '@shared/journeys';
import { Alert, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { deleteStep, type InsertPoint, insertStep, type PlacedIssues, replaceStep } from '../flow';
import { ENTRY_NODE } from '../layout';
import type { SummaryLookups } from '../summary';
import { EditorContext, type EditorContextValue } from './canvas/EditorContext';
import { FlowCanvas } from './canvas/FlowCanvas';
import type { JourneyDraft } from './SettingsPanel';
import { SettingsPanel } from './SettingsPanel';
import { ConditionScopeContext } from '../../conditions/context';
import { StepPanel } from './StepPanel';

interface Props {
  draft: JourneyDraft;
  onChange: (draft: JourneyDraft) => void;
  issues: PlacedIssues;
  canEdit: boolean;
  lookups: SummaryLookups;
  stats: EditorContextValue['stats'];
  /** 'entry' opens the settings; the page's Settings button asks for it too. */
  selected: string | null;
  onSelect: (id: string | null) => void;
}

/** The flow canvas with the side panel of what is selected: a step's form, or the journey's settings. */
export function JourneyEditor({ draft, onChange, issues, canEdit, lookups, stats, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const definition = draft.definition;
  const setDefinition = (next: typeof definition) => onChange({ ...draft, definition: next });
  const entryLabel =
    definition.entry.kind === 'segment'
      ? (lookups.segments.get(definition.entry.segmentId) ?? t('journeys.entryKinds.segment'))
      : definition.entry.kind === 'event'
        ? definition.entry.event || t('journeys.entryKinds.event')
        : t('journeys.entryKinds.manual');

  const context: EditorContextValue = {
    ...lookups,
    canEdit,
    selected,
    issues: issues.steps,
    stats,
    entryLabel,
    insert: (at: InsertPoint, kind: JourneyStepKind) => {
      const inserted = insertStep(definition, at, kind);
      setDefinition(inserted.definition);
      onSelect(inserted.id);
    },
  };

  const step = definition.steps.find((s) => s.id === selected);
  const settingsOpen = selected === ENTRY_NODE;
  return (
    <EditorContext.Provider value={context}>
      {issues.other.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={issues.other.join(' ')}
          data-testid="journey-errors"
        />
      ) : null}
      <Flex gap={16} align="flex-start">
        <div style={{ flex: 1, minWidth: 0 }}>
          <FlowCanvas definition={definition} onSelect={onSelect} narrow={Boolean(step) || settingsOpen} />
        </div>
        {step ? (
          <div style={{ width: 420, flex: 'none', maxHeight: 640, overflow: 'auto' }}>
            <ConditionScopeContext.Provider value={{ contactFields: definition.scope === 'contact' }}>
              <StepPanel
                key={step.id}
                scope={definition.scope}
                step={step}
                issues={issues.steps[step.id]}
                canEdit={canEdit}
                canDelete={definition.steps.length > 1}
                lookups={lookups}
                onChange={(next) => setDefinition(replaceStep(definition, next))}
                onDelete={() => {
                  setDefinition(deleteStep(definition, step.id));
                  onSelect(null);
                }}
                onClose={() => onSelect(null)}
              />
            </ConditionScopeContext.Provider>
          </div>
        ) : null}
        {settingsOpen ? (
          <div style={{ width: 420, flex: 'none', maxHeight: 640, overflow: 'auto' }}>
            <SettingsPanel
              draft={draft}
              issues={issues.settings}
              canEdit={canEdit}
              segments={lookups.segments}
              onChange={onChange}
              onClose={() => onSelect(null)}
            />
          </div>
        ) : null}
      </Flex>
    </EditorContext.Provider>
  );
}
