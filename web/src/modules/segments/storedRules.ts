import { type Condition, OPERATORS, type Operator } from '@shared/conditions';
import type { Segment } from '@shared/segments';
import { type DraftCondition, newDraft } from '../conditions/fields';

type Stored = Segment['rules']['conditions'][number];
const isOperator = (op: string): op is Operator => (OPERATORS as readonly string[]).includes(op);

/**
 * A segment's rules are sent as stored, and an invalid segment may hold an operator Tenure no longer
 * knows: the editor leaves it for the user to choose again, the chips show only what can be read (the
 * segment's invalid reason names the rest).
 */
export const storedDrafts = (conditions: Stored[]): DraftCondition[] =>
  conditions.map((c) => newDraft({ field: c.field, op: isOperator(c.op) ? c.op : undefined, value: c.value }));

export const readableConditions = (conditions: Stored[]): Condition[] =>
  conditions.filter((c): c is Stored & { op: Operator } => isOperator(c.op)) as Condition[];
