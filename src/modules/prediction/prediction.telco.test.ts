import fs from 'node:fs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { telcoFile } from '../../../test/support/telco.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

/** The public benchmark (issue #5 point 6): IBM's Telco file, imported as accounts, every column a feature. */
// Fails (never skips) when the shared benchmark file is missing or not the expected one.
const TELCO = telcoFile();

let database: Database;
let s: Services;
beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2026-06-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14 },
  });
});
afterAll(() => database.close());

describe('the Telco churn benchmark', () => {
  it('reaches a 5-fold cross-validated ROC AUC of at least 0.84 with every column but the id and the outcome', async () => {
    await s.imports.importFile(cliActor, 'accounts', TELCO, {
      locale: 'en',
      map: { customerID: 'external_id' },
      outcome: 'Churn',
    });
    const header = Papa.parse<string[]>(fs.readFileSync(TELCO, 'utf8').split('\n')[0]).data[0].map((h) => h.trim());
    const features = header.filter((h) => h !== 'customerID' && h !== 'Churn');
    expect(features).toHaveLength(19);

    const result = await s.prediction.train({ features }, cliActor);
    expect(result).toMatchObject({ n: 7043, positives: 1869, validation: 'cv', features, scored: 5174 });
    expect(result.folds).toHaveLength(5);
    expect(result.auc).toBeGreaterThanOrEqual(0.84);
    for (const fold of result.folds) expect(fold).toBeGreaterThan(0.8);
    // Calibrated: the out-of-fold predictions average close to the 26.5 % churn rate.
    const predictedChurn = result.calibration.reduce((sum, b) => sum + (b.meanPredicted ?? 0) * b.count, 0) / 7043;
    expect(predictedChurn).toBeCloseTo(1869 / 7043, 1);
    expect(result.brier).toBeLessThan(0.15);

    const model = (await s.prediction.latestModel())!;
    const contract = (level: string) =>
      model.coefficients.find((c) => c.feature === 'Contract' && c.level === level)!.coefficient;
    // Month-to-month contracts churn most, two-year contracts least.
    expect(contract('Month-to-month')).toBeGreaterThan(0);
    expect(contract('Two year')).toBeLessThan(0);
    // The 11 blank TotalCharges get the median and a "missing" indicator column.
    expect(model.coefficients.some((c) => c.feature === 'TotalCharges' && c.role === 'missing')).toBe(true);
  }, 120_000);
});
