import { describe, expect, it } from 'vitest';
import { journeyDefinitionSchema } from '../../../../src/shared/journeys';
import { type DraftDefinition, deleteStep, emptyDefinition, insertStep, placeIssues, splitMinutes } from './flow';
import { toFlow } from './layout';

/** The flow editor's graph edits and error placement (web/src/modules/journeys/flow.ts), without a browser. */
describe('journey flow edits', () => {
  const TEMPLATE = '0190a3b4-0000-7000-8000-000000000001';

  function sendWaitExit(): DraftDefinition {
    let def = emptyDefinition();
    def = insertStep(def, { from: null, handle: 'next' }, 'send').definition;
    def = insertStep(def, { from: 'send-1', handle: 'next' }, 'wait').definition;
    return def;
  }

  it('inserts on the entry edge and after a step, keeping what followed', () => {
    const def = sendWaitExit();
    expect(def.start).toBe('send-1');
    expect(def.steps).toMatchObject([
      { id: 'exit-1', kind: 'exit' },
      { id: 'send-1', kind: 'send', next: 'wait-1' },
      { id: 'wait-1', kind: 'wait', mode: 'duration', minutes: 1440, next: 'exit-1' },
    ]);
    // With the template chosen, the result is a definition the API accepts.
    const filled = {
      ...def,
      steps: def.steps.map((s) => (s.kind === 'send' ? { ...s, templateId: TEMPLATE } : s)),
    };
    expect(journeyDefinitionSchema.safeParse(filled).success).toBe(true);
  });

  it('deletes a step and reconnects its predecessors (and the start) to its next', () => {
    const def = sendWaitExit();
    const withoutWait = deleteStep(def, 'wait-1');
    expect(withoutWait.steps.find((s) => s.id === 'send-1')).toMatchObject({ next: 'exit-1' });
    const withoutSend = deleteStep(def, 'send-1');
    expect(withoutSend.start).toBe('wait-1');
    // The last step stays.
    expect(deleteStep(emptyDefinition(), 'exit-1').steps).toHaveLength(1);
  });

  it('reconnects the yes and no paths of a branch inserted and deleted mid-flow', () => {
    let def = sendWaitExit();
    def = insertStep(def, { from: 'send-1', handle: 'next' }, 'branch').definition;
    expect(def.steps.find((s) => s.id === 'branch-1')).toMatchObject({ yes: 'wait-1', no: null });
    def = insertStep(def, { from: 'branch-1', handle: 'no' }, 'cta').definition;
    expect(def.steps.find((s) => s.id === 'branch-1')).toMatchObject({ no: 'cta-1' });
    expect(deleteStep(def, 'branch-1').steps.find((s) => s.id === 'send-1')).toMatchObject({ next: 'wait-1' });
  });

  it('lays out entry, steps and open ends top to bottom, with labelled branch edges', () => {
    let def = sendWaitExit();
    def = insertStep(def, { from: 'send-1', handle: 'next' }, 'branch').definition;
    const { nodes, edges } = toFlow(def);
    const y = (id: string) => nodes.find((n) => n.id === id)!.position.y;
    expect(y('entry')).toBeLessThan(y('send-1'));
    expect(y('send-1')).toBeLessThan(y('branch-1'));
    expect(y('branch-1')).toBeLessThan(y('wait-1'));
    expect(y('wait-1')).toBeLessThan(y('exit-1'));
    expect(edges.map((e) => e.id).sort()).toEqual(
      ['entry:next', 'send-1:next', 'branch-1:yes', 'branch-1:no', 'wait-1:next'].sort(),
    );
    // The open "no" path ends in an end node, so its edge has a "+" too.
    expect(edges.find((e) => e.id === 'branch-1:no')?.target).toBe('end:branch-1:no');
  });

  it('places a refusal on the step it names by position, and settings issues on their field', () => {
    const def = sendWaitExit();
    const placed = placeIssues(
      [
        { path: 'body.definition.steps.1.templateId', message: 'Invalid UUID' },
        { path: 'body.definition.steps.2.next', message: 'No such step' },
        { path: 'body.name', message: 'Required' },
        { path: 'body.definition.entry.segmentId', message: 'Unknown segment' },
        { path: 'body', message: 'Bad' },
      ],
      def,
    );
    expect(placed.steps).toEqual({ 'send-1': { templateId: ['Invalid UUID'] }, 'wait-1': { next: ['No such step'] } });
    expect(placed.settings).toEqual({ name: ['Required'], entry: ['Unknown segment'] });
    expect(placed.other).toEqual(['Bad']);
  });

  it('splits minutes into days, hours and minutes', () => {
    expect(splitMinutes(2 * 1440 + 3 * 60 + 5)).toEqual({ days: 2, hours: 3, minutes: 5 });
  });
});
