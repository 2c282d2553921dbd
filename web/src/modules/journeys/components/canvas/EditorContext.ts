import type { JourneyStepKind } from '@shared/journeys';
import { createContext, useContext } from 'react';
import type { InsertPoint } from '../../flow';
import type { SummaryLookups } from '../../summary';

/** What the canvas's nodes and edges need from the page, without threading it through xyflow's data. */
export interface EditorContextValue extends SummaryLookups {
  canEdit: boolean;
  selected: string | null;
  /** Per step: its field issues from the last refused save. */
  issues: Record<string, Record<string, string[]>>;
  /** Per step of the published version: now at it, and passed through it (absent before a publish). */
  stats: Map<string, { current: number; passed: number }> | null;
  insert: (at: InsertPoint, kind: JourneyStepKind) => void;
  entryLabel: string;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor outside the journey editor');
  return value;
}
