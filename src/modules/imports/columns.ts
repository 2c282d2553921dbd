import { ATTRIBUTE_TARGET, IGNORE_TARGET, type ImportColumn } from '../../shared/imports.js';
import type { KindDefinition, RowError } from './import.types.js';
import { normaliseHeader } from './spreadsheet.js';

/** What one source column feeds: a Tenure column, a custom attribute, or nothing. */
export type Target = { column: string } | { attribute: string } | { ignore: true };

export interface ColumnPlan {
  /** By source column index. */
  targets: Target[];
  ignored: string[];
  /** Problems with the header: a required column missing, two columns for one target, a bad mapping. */
  problems: RowError[];
}

/**
 * Attribute keys come from the header as written ("MonthlyCharges", "行业细分"), restricted to
 * what the filter language accepts: letters, digits, space, dot, dash and underscore.
 */
export const attributeKey = (header: string) =>
  header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/[^\p{L}\p{N}_\- .]+/gu, '_')
    .slice(0, 100) || '_';

/** Normalised header or alias → column name, for one kind. */
function lookup(columns: readonly ImportColumn[]) {
  const map = new Map<string, string>();
  for (const c of columns) for (const alias of c.aliases) map.set(normaliseHeader(alias), c.name);
  for (const c of columns) map.set(c.name, c.name);
  return map;
}

/**
 * Decides where each source column goes: first the caller's map (source header → target),
 * then the column names and their aliases, English and Chinese; the rest becomes custom
 * attributes (accounts) or is ignored. `outcome` names the churn-outcome column (accounts).
 */
export function planColumns(
  def: KindDefinition,
  headers: string[],
  map: Record<string, string> = {},
  outcome?: string,
): ColumnPlan {
  const known = lookup(def.columns);
  const explicit = new Map(Object.entries(map).map(([from, to]) => [normaliseHeader(from), to.trim()]));
  if (outcome) explicit.set(normaliseHeader(outcome), 'churn_outcome');
  const problems: RowError[] = [];
  const headerKeys = new Set(headers.map(normaliseHeader));
  for (const [from, to] of explicit) {
    if (!headerKeys.has(from)) problems.push({ line: 1, column: from, reason: 'imports.missingColumn' });
    const target = to.toLowerCase();
    const allowed =
      target === IGNORE_TARGET ||
      known.has(normaliseHeader(to)) ||
      (def.attributes && (target === ATTRIBUTE_TARGET || /^attributes\.\S/.test(to)));
    if (!allowed) problems.push({ line: 1, column: from, reason: 'imports.unknownTarget', params: { value: to } });
  }

  const targets: Target[] = headers.map((header) => {
    const key = normaliseHeader(header);
    const to = explicit.get(key);
    if (to !== undefined) {
      if (to.toLowerCase() === IGNORE_TARGET) return { ignore: true };
      if (to.toLowerCase() === ATTRIBUTE_TARGET) return { attribute: attributeKey(header) };
      if (to.startsWith('attributes.')) return { attribute: attributeKey(to.slice('attributes.'.length)) };
      const column = known.get(normaliseHeader(to));
      return column ? { column } : { ignore: true };
    }
    if (!key) return { ignore: true };
    const column = known.get(key);
    if (column) return { column };
    return def.attributes ? { attribute: attributeKey(header) } : { ignore: true };
  });

  const seen = new Map<string, number>();
  targets.forEach((t, i) => {
    const name = 'column' in t ? t.column : 'attribute' in t ? `attributes.${t.attribute}` : undefined;
    if (!name) return;
    if (seen.has(name))
      problems.push({
        line: 1,
        column: headers[i],
        reason: 'imports.duplicateColumn',
        params: { other: headers[seen.get(name)!], target: name },
      });
    else seen.set(name, i);
  });
  for (const c of def.columns) {
    if (c.required && !targets.some((t) => 'column' in t && t.column === c.name))
      problems.push({ line: 1, column: c.name, reason: 'imports.missingColumn' });
  }
  return { targets, ignored: headers.filter((h, i) => 'ignore' in targets[i] && h.trim() !== ''), problems };
}

/** The suggested target of each source header, as the preview shows it. */
export function suggestedMapping(plan: ColumnPlan, headers: string[]): Record<string, string> {
  return Object.fromEntries(
    headers.map((h, i) => {
      const t = plan.targets[i];
      return [h, 'column' in t ? t.column : 'attribute' in t ? ATTRIBUTE_TARGET : IGNORE_TARGET];
    }),
  );
}

/** One record's cells split into Tenure columns and custom attributes. */
export function splitRecord(
  plan: ColumnPlan,
  cells: string[],
): { values: Record<string, string>; attributes: [string, string][] } {
  const values: Record<string, string> = {};
  const attributes: [string, string][] = [];
  plan.targets.forEach((t, i) => {
    const cell = cells[i] ?? '';
    if ('column' in t) values[t.column] = cell;
    else if ('attribute' in t) attributes.push([t.attribute, cell]);
  });
  return { values, attributes };
}
