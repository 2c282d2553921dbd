import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { attributeKinds, resolveFeatures } from './catalogue.js';
import { FEATURE_FAMILIES } from './features.js';

const attributes = attributeKinds([
  { key: 'tenure', numbers: 10, texts: 0, others: 0 },
  { key: 'Contract', numbers: 0, texts: 10, others: 0 },
  { key: 'SeniorCitizen', numbers: 10, texts: 0, others: 0 },
  { key: 'Mixed', numbers: 4, texts: 6, others: 0 },
  { key: 'segment', numbers: 0, texts: 10, others: 0 },
]);

describe('choosing features', () => {
  it('types an attribute numeric only when every stored value is a number', () => {
    expect(attributes.map((a) => [a.key, a.kind])).toEqual([
      ['tenure', 'numeric'],
      ['Contract', 'categorical'],
      ['SeniorCitizen', 'numeric'],
      ['Mixed', 'categorical'],
      ['segment', 'categorical'],
    ]);
  });
  it('uses every built-in family when nothing is asked for', () => {
    const all = resolveFeatures(undefined, FEATURE_FAMILIES, attributes);
    expect(all.map((f) => f.name)).toEqual(FEATURE_FAMILIES.flatMap((f) => f.columns.map((c) => c.key)));
  });
  it('mixes families and attributes, honours a type override, and reaches an attribute shadowed by a family', () => {
    const chosen = resolveFeatures(
      ['tickets', 'tenure', 'SeniorCitizen:categorical', 'attributes.segment', 'segment'],
      FEATURE_FAMILIES,
      attributes,
    );
    expect(chosen.map((f) => [f.key, f.kind, f.family])).toEqual([
      ['tickets_90d', 'numeric', 'tickets'],
      ['urgent_tickets_90d', 'numeric', 'tickets'],
      ['open_tickets', 'numeric', 'tickets'],
      ['attributes.tenure', 'numeric', 'attributes'],
      ['attributes.SeniorCitizen', 'categorical', 'attributes'],
      ['attributes.segment', 'categorical', 'attributes'],
      ['segment', 'categorical', 'segment'],
    ]);
  });
  it('names a built-in account column like an attribute, and reaches an attribute of the same name', () => {
    const withIndustry = [...attributes, ...attributeKinds([{ key: 'industry', numbers: 0, texts: 3, others: 0 }])];
    const chosen = resolveFeatures(
      ['industry', 'employees', 'tier', 'attributes.industry'],
      FEATURE_FAMILIES,
      withIndustry,
    );
    expect(chosen.map((f) => [f.key, f.name, f.kind, f.family, f.current])).toEqual([
      ['account.industry', 'industry', 'categorical', 'account', true],
      ['account.employees', 'employees', 'numeric', 'account', true],
      ['account.tier', 'tier', 'categorical', 'account', true],
      ['attributes.industry', 'industry', 'categorical', 'attributes', true],
    ]);
  });
  it('refuses a name that is neither a family nor an attribute', () => {
    expect(() => resolveFeatures(['nope'], FEATURE_FAMILIES, attributes)).toThrow(AppError);
    expect(() => resolveFeatures([' '], FEATURE_FAMILIES, attributes)).toThrow('prediction.errors.noFeatures');
  });
});
