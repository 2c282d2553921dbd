import type { JourneyView } from '@shared/journeys';
import type { Wire } from '@shared/endpoint';
import { useState } from 'react';
import { ApiError } from '../../../api/client';
import type { JourneyDraft } from '../components/SettingsPanel';
import { type PlacedIssues, placeIssues } from '../flow';
import { useSaveJourney } from './useJourneys';

const NO_ISSUES: PlacedIssues = { steps: {}, settings: {}, other: [] };

const fromServer = (j: Wire<JourneyView>): JourneyDraft => ({
  name: j.name,
  description: j.description,
  definition: j.draft,
});

/**
 * The draft being edited, against the last one loaded or saved (so "unsaved" is a real difference),
 * and its save: a 400's issues are placed on the steps and settings fields they name.
 */
export function useJourneyDraft(journey: Wire<JourneyView>) {
  const [baseline, setBaseline] = useState(() => fromServer(journey));
  const [draft, setDraft] = useState(baseline);
  const [issues, setIssues] = useState<PlacedIssues>(NO_ISSUES);
  const save = useSaveJourney(journey.id);
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline);

  /** Saves; resolves null when saved, or the refusal's issues as placed (they are shown too). */
  async function saveDraft(): Promise<PlacedIssues | null> {
    const sent = draft;
    try {
      const saved = await save.mutateAsync(sent);
      const next = fromServer(saved);
      setBaseline(next);
      setDraft(next);
      setIssues(NO_ISSUES);
      return null;
    } catch (error) {
      const placed =
        error instanceof ApiError && error.issues.length
          ? placeIssues(error.issues, sent.definition)
          : { ...NO_ISSUES, other: [error instanceof Error ? error.message : String(error)] };
      setIssues(placed);
      return placed;
    }
  }

  return { draft, setDraft, dirty, issues, saveDraft, saving: save.isPending };
}
