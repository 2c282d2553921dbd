import type { Condition } from '@shared/conditions';
import { useState } from 'react';
import { ConditionBuilder } from '../../conditions/components/ConditionBuilder';
import { type DraftCondition, fromConditions, toConditions } from '../../conditions/fields';

export interface RuleSetValue {
  match?: 'all' | 'any';
  conditions: Condition[];
}

/**
 * The segments' condition builder for a rule set (branch, wait-until, exit criteria). Half-filled rows
 * stay in the builder; only complete conditions reach the definition. Give it a `key` per rule set.
 */
export function RuleSetField({
  value,
  onChange,
  disabled,
}: {
  value: RuleSetValue | undefined;
  onChange: (value: RuleSetValue) => void;
  disabled?: boolean;
}) {
  const [drafts, setDrafts] = useState<DraftCondition[]>(() => fromConditions(value?.conditions ?? []));
  const match = value?.match ?? 'all';
  return (
    <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0 }}>
      <ConditionBuilder
        conditions={drafts}
        onChange={(next) => {
          setDrafts(next);
          onChange({ match, conditions: toConditions(next) });
        }}
        match={match}
        onMatchChange={(m) => onChange({ match: m, conditions: toConditions(drafts) })}
      />
    </fieldset>
  );
}
