/**
 * Which features a training run uses: built-in families by name, built-in account columns
 * (industry, employees, region, tier) by name, account attributes by name (or `attributes.<name>`
 * when a family or column has the same name), each attribute numeric when every stored value is
 * a number and categorical otherwise — `name:numeric` / `name:categorical` overrides that guess.
 */
import { AppError } from '../../http/errors.js';
import { ACCOUNT_FEATURE_COLUMNS } from '../../shared/accounts.js';
import type { FeatureKind } from './encoding.js';
import type { FeatureFamily } from './features.js';

export interface ResolvedFeature {
  /** Key in the raw rows: the family's column key, or `attributes.<name>`. */
  key: string;
  /** What people call it: the column key, or the attribute name. */
  name: string;
  kind: FeatureKind;
  /** The family key, 'account' (a built-in account column) or 'attributes'. */
  family: string;
  /** Read from the account as it is now (no history): left out when training on past cut-offs. */
  current?: boolean;
}

export const ACCOUNT_COLUMN_KEYS: ReadonlySet<string> = new Set(ACCOUNT_FEATURE_COLUMNS.map((c) => c.key));

export interface AttributeInfo {
  key: string;
  kind: FeatureKind;
  accounts: number;
}

export function attributeKinds(
  rows: { key: string; numbers: number; texts: number; others: number }[],
): AttributeInfo[] {
  return rows.map((r) => ({
    key: r.key,
    kind: r.texts === 0 && r.others === 0 && r.numbers > 0 ? 'numeric' : 'categorical',
    accounts: r.numbers + r.texts + r.others,
  }));
}

export function resolveFeatures(
  requested: string[] | undefined,
  families: FeatureFamily[],
  attributes: AttributeInfo[],
): ResolvedFeature[] {
  const out: ResolvedFeature[] = [];
  const seen = new Set<string>();
  const add = (f: ResolvedFeature) => {
    if (!seen.has(f.key)) out.push(f);
    seen.add(f.key);
  };
  const fromFamily = (family: FeatureFamily) =>
    family.columns.forEach((c) =>
      add({ key: c.key, name: c.key, kind: c.kind, family: family.key, ...(family.current ? { current: true } : {}) }),
    );
  if (!requested?.length) {
    families.forEach(fromFamily);
    return out;
  }
  const byAttribute = new Map(attributes.map((a) => [a.key, a]));
  for (const raw of requested) {
    const text = raw.trim();
    if (!text) continue;
    const override = /:(numeric|categorical)$/.exec(text);
    const name = override ? text.slice(0, override.index) : text;
    const family = families.find((f) => f.key === name);
    if (family && !override) {
      fromFamily(family);
      continue;
    }
    const column = ACCOUNT_FEATURE_COLUMNS.find((c) => c.key === name);
    if (column) {
      add({
        key: `account.${column.key}`,
        name: column.key,
        kind: (override?.[1] as FeatureKind | undefined) ?? column.kind,
        family: 'account',
        current: true,
      });
      continue;
    }
    const attributeName = name.startsWith('attributes.') ? name.slice('attributes.'.length) : name;
    const attribute = byAttribute.get(attributeName);
    if (!attribute) throw new AppError(400, 'unknown_feature', 'prediction.errors.unknownFeature', { feature: text });
    add({
      key: `attributes.${attributeName}`,
      name: attributeName,
      kind: (override?.[1] as FeatureKind | undefined) ?? attribute.kind,
      family: 'attributes',
      current: true,
    });
  }
  if (!out.length) throw new AppError(400, 'no_features', 'prediction.errors.noFeatures');
  return out;
}
