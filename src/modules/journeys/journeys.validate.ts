import { invalidField } from '../../http/errors.js';
import { type Condition, isContactField, segmentIdsIn } from '../../shared/conditions.js';
import type { JourneyDefinition, JourneyStep } from '../../shared/journeys.js';

/** What a definition's references are checked against: the live templates and segments. */
export interface ReferenceLookups {
  templateIds(): Promise<ReadonlySet<string>>;
  surveyIds(): Promise<ReadonlySet<string>>;
  segmentIds(): Promise<ReadonlySet<string>>;
}

type Path = (string | number)[];
const at = (...path: Path) => ['body', 'definition', ...path];

/** The steps a step leads to, with the field that names each. */
export function edges(step: JourneyStep): { field: string; to: string }[] {
  const out: { field: string; to: string | null | undefined }[] =
    step.kind === 'exit'
      ? []
      : step.kind === 'branch'
        ? [
            { field: 'yes', to: step.yes },
            { field: 'no', to: step.no },
          ]
        : step.kind === 'wait'
          ? [
              { field: 'next', to: step.next },
              { field: 'timeoutNext', to: step.timeoutNext },
            ]
          : [{ field: 'next', to: step.next }];
  return out.filter((e): e is { field: string; to: string } => typeof e.to === 'string');
}

/**
 * Checks what the schema cannot: unique step ids, every reference names a step, the steps form a DAG (so a
 * participant visits a step at most once per participation), waits have what their mode needs, templates
 * and segments exist, re-entry after N days names N. Throws a 400 naming the first offending field.
 */
export async function validateDefinition(definition: JourneyDefinition, lookups: ReferenceLookups): Promise<void> {
  const index = new Map<string, number>();
  definition.steps.forEach((step, i) => {
    if (index.has(step.id)) throw invalidField(at('steps', i, 'id'), 'errors.journeyStepDuplicate', { step: step.id });
    index.set(step.id, i);
  });
  if (!index.has(definition.start))
    throw invalidField(at('start'), 'errors.journeyStepUnknown', { step: definition.start });
  definition.steps.forEach((step, i) => {
    for (const edge of edges(step))
      if (!index.has(edge.to))
        throw invalidField(at('steps', i, edge.field), 'errors.journeyStepUnknown', { step: edge.to });
    if (step.kind === 'wait') checkWait(step, i);
    if ((step.kind === 'send' || step.kind === 'survey') && step.recipients === 'role' && !step.recipientRole)
      throw invalidField(at('steps', i, 'recipientRole'), 'errors.journeyRecipientRole');
  });
  findCycle(definition, index);
  if (definition.reentry === 'after_days' && !definition.reentryDays)
    throw invalidField(at('reentryDays'), 'errors.journeyReentryDays');

  const templates = definition.steps.some((s) => s.kind === 'send') ? await lookups.templateIds() : new Set<string>();
  const surveys = definition.steps.some((s) => s.kind === 'survey') ? await lookups.surveyIds() : new Set<string>();
  const conditionSets = ruleSetsOf(definition);
  const needsSegments =
    definition.entry.kind === 'segment' ||
    definition.steps.some((s) => s.kind === 'segment') ||
    conditionSets.some((r) => segmentIdsIn(r.conditions).length > 0);
  const segments = needsSegments ? await lookups.segmentIds() : new Set<string>();
  if (definition.entry.kind === 'segment' && !segments.has(definition.entry.segmentId))
    throw invalidField(at('entry', 'segmentId'), 'errors.journeySegmentUnknown');
  definition.steps.forEach((step, i) => {
    if (step.kind === 'send' && !templates.has(step.templateId))
      throw invalidField(at('steps', i, 'templateId'), 'errors.journeyTemplateUnknown');
    if (step.kind === 'survey' && !surveys.has(step.surveyId))
      throw invalidField(at('steps', i, 'surveyId'), 'errors.journeySurveyUnknown');
    if (step.kind === 'segment' && !segments.has(step.segmentId))
      throw invalidField(at('steps', i, 'segmentId'), 'errors.journeySegmentUnknown');
  });
  for (const set of conditionSets)
    set.conditions.forEach((c, j) => {
      // An account journey has no participant contact whose fields a condition could test.
      if (definition.scope === 'account' && isContactField(c.field))
        throw invalidField([...set.path, j, 'field'], 'errors.journeyContactCondition');
      if (segmentIdsIn([c]).some((id) => !segments.has(id)))
        throw invalidField([...set.path, j, 'value'], 'errors.conditionSegmentUnknown');
    });
}

/** Every rule set of the definition (exit criteria, branches, condition waits) with the path of its conditions. */
export function ruleSetsOf(definition: JourneyDefinition): { path: Path; conditions: Condition[] }[] {
  const out: { path: Path; conditions: Condition[] }[] = [];
  if (definition.exitWhen) out.push({ path: at('exitWhen', 'conditions'), conditions: definition.exitWhen.conditions });
  definition.steps.forEach((step, i) => {
    if ((step.kind === 'branch' || step.kind === 'wait') && step.rules)
      out.push({ path: at('steps', i, 'rules', 'conditions'), conditions: step.rules.conditions });
  });
  return out;
}

function checkWait(step: Extract<JourneyStep, { kind: 'wait' }>, i: number) {
  if (step.mode === 'duration' && !step.minutes)
    throw invalidField(at('steps', i, 'minutes'), 'errors.journeyWaitMinutes');
  if (step.mode === 'event' && !step.event) throw invalidField(at('steps', i, 'event'), 'errors.journeyWaitEvent');
  if (step.mode === 'condition' && !step.rules?.conditions.length)
    throw invalidField(at('steps', i, 'rules'), 'errors.journeyWaitRules');
  if (step.mode !== 'duration' && !step.timeoutMinutes)
    throw invalidField(at('steps', i, 'timeoutMinutes'), 'errors.journeyWaitTimeout');
}

/** Depth-first search; the edge that closes a cycle is the field reported. */
function findCycle(definition: JourneyDefinition, index: Map<string, number>) {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'open');
    const i = index.get(id)!;
    for (const edge of edges(definition.steps[i]!)) {
      const seen = state.get(edge.to);
      if (seen === 'open') throw invalidField(at('steps', i, edge.field), 'errors.journeyCycle', { step: edge.to });
      if (!seen) visit(edge.to);
    }
    state.set(id, 'done');
  };
  for (const step of definition.steps) if (!state.has(step.id)) visit(step.id);
}
