import type { JourneyStepKind, journeyDefinitionSchema, journeyStepSchema } from '@shared/journeys';
import type { z } from 'zod';

/** The definition as the editor holds it: the schema's input form (defaults may be missing, fields may be blank). */
export type DraftDefinition = z.input<typeof journeyDefinitionSchema>;
export type DraftStep = z.input<typeof journeyStepSchema>;

/** The outgoing references of a step, by the field that holds each. */
export type Handle = 'next' | 'yes' | 'no' | 'timeoutNext';
/** Where a "+" inserts: after a step on one of its handles, or before the first step (from the entry). */
export interface InsertPoint {
  from: string | null;
  handle: Handle;
}

export function outgoing(step: DraftStep): { handle: Handle; target: string | null }[] {
  switch (step.kind) {
    case 'exit':
      return [];
    case 'branch':
      return [
        { handle: 'yes', target: step.yes },
        { handle: 'no', target: step.no },
      ];
    case 'wait':
      // A timeout path exists only when the wait has a timeout (event or condition waits).
      return step.mode !== 'duration' && step.timeoutMinutes
        ? [
            { handle: 'next', target: step.next },
            { handle: 'timeoutNext', target: step.timeoutNext ?? null },
          ]
        : [{ handle: 'next', target: step.next }];
    default:
      return [{ handle: 'next', target: step.next }];
  }
}

/** A new id for a step of this kind that no step of the definition has yet (ids are kept across versions). */
export function newStepId(kind: JourneyStepKind, steps: DraftStep[]): string {
  const taken = new Set(steps.map((s) => s.id));
  const stem = kind.replace('_', '-');
  for (let n = 1; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/**
 * A fresh step of a kind, continuing to `next`. Required choices (template, segment, title, key) are
 * left blank on purpose: the server names them on save, and the editor shows that on the step.
 */
export function blankStep(kind: JourneyStepKind, id: string, next: string | null): DraftStep {
  switch (kind) {
    case 'send':
      return { id, kind, templateId: '', next };
    case 'survey':
      return { id, kind, surveyId: '', next };
    case 'wait':
      return { id, kind, mode: 'duration', minutes: 24 * 60, next };
    case 'branch':
      return { id, kind, rules: { match: 'all', conditions: [] }, yes: next, no: null };
    case 'cta':
      return { id, kind, title: '', priority: 'medium', dueInDays: 3, next };
    case 'update_field':
      return { id, kind, target: 'account', key: '', value: '', next };
    case 'segment':
      return { id, kind, action: 'add', segmentId: '', next };
    case 'exit':
      return { id, kind };
  }
}

function targetOf(definition: DraftDefinition, at: InsertPoint): string | null {
  if (at.from === null) return definition.start;
  const step = definition.steps.find((s) => s.id === at.from);
  return step ? (outgoing(step).find((o) => o.handle === at.handle)?.target ?? null) : null;
}

const withTarget = (step: DraftStep, handle: Handle, target: string | null): DraftStep =>
  step.kind === 'exit' ? step : ({ ...step, [handle]: target } as DraftStep);

/**
 * Inserts a step of `kind` at a "+": the step the handle pointed to now follows the new one (on its
 * `next`, or `yes` for a branch). An exit inserted mid-flow leaves what followed unreferenced, for
 * the person to delete or reconnect.
 */
export function insertStep(
  definition: DraftDefinition,
  at: InsertPoint,
  kind: JourneyStepKind,
): { definition: DraftDefinition; id: string } {
  const id = newStepId(kind, definition.steps);
  const step = blankStep(kind, id, targetOf(definition, at));
  const steps = definition.steps.map((s) => (s.id === at.from ? withTarget(s, at.handle, id) : s));
  return {
    id,
    definition: { ...definition, start: at.from === null ? id : definition.start, steps: [...steps, step] },
  };
}

/** The step a deleted one hands its predecessors to: its `next` (a branch's `yes`); none for an exit. */
function continuation(step: DraftStep): string | null {
  if (step.kind === 'exit') return null;
  return step.kind === 'branch' ? step.yes : step.next;
}

/**
 * Deletes a step and reconnects every reference to it (the start, any next / yes / no / timeout)
 * to its continuation. The last step cannot go: a journey has at least one.
 */
export function deleteStep(definition: DraftDefinition, id: string): DraftDefinition {
  const removed = definition.steps.find((s) => s.id === id);
  if (!removed || definition.steps.length === 1) return definition;
  const then = continuation(removed);
  const rest = definition.steps.filter((s) => s.id !== id);
  const steps = rest.map((s) =>
    outgoing(s).reduce((acc, o) => (o.target === id ? withTarget(acc, o.handle, then) : acc), s),
  );
  // A first step that ended the journey at once leaves the next remaining step to start it.
  const start = definition.start === id ? (then ?? steps[0]!.id) : definition.start;
  return { ...definition, start, steps };
}

export function replaceStep(definition: DraftDefinition, step: DraftStep): DraftDefinition {
  return { ...definition, steps: definition.steps.map((s) => (s.id === step.id ? step : s)) };
}

/** A new journey: entered by hand, one exit step; the editor adds the rest. */
export function emptyDefinition(): DraftDefinition {
  return { scope: 'account', entry: { kind: 'manual' }, start: 'exit-1', steps: [{ id: 'exit-1', kind: 'exit' }] };
}

/** Server refusals by where the editor shows them: on a step's field, on a settings field, or left over. */
export interface PlacedIssues {
  steps: Record<string, Record<string, string[]>>;
  settings: Record<string, string[]>;
  other: string[];
}

/**
 * Places the issues of a 400 (paths like `body.definition.steps.2.next`) on the step they name — by
 * its position in the steps that were sent, so `sent` must be the definition of that request — or on
 * the settings field (`name`, `definition.entry.segmentId` → `entry`).
 */
export function placeIssues(issues: { path: string; message: string }[], sent: DraftDefinition): PlacedIssues {
  const placed: PlacedIssues = { steps: {}, settings: {}, other: [] };
  const push = (into: Record<string, string[]>, key: string, message: string) => {
    into[key] = [...(into[key] ?? []), message];
  };
  for (const issue of issues) {
    const path = issue.path.replace(/^body\.?/, '');
    const step = /^definition\.steps\.(\d+)(?:\.([^.]+))?/.exec(path);
    const stepId = step ? sent.steps[Number(step[1])]?.id : undefined;
    if (step && stepId) {
      placed.steps[stepId] ??= {};
      push(placed.steps[stepId], step[2] ?? 'step', issue.message);
      continue;
    }
    const setting = /^(?:definition\.)?([^.]+)/.exec(path)?.[1];
    if (setting && setting !== 'steps') push(placed.settings, setting, issue.message);
    else placed.other.push(issue.message);
  }
  return placed;
}

/** Minutes as whole days, hours and minutes (the wait form's three fields). */
export function splitMinutes(total: number | undefined) {
  const m = total ?? 0;
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}

export const joinMinutes = (p: { days: number; hours: number; minutes: number }) =>
  p.days * 1440 + p.hours * 60 + p.minutes;
