import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

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

const attributes = async (externalId: string) =>
  await database.db
    .selectFrom('accounts')
    .select(['name', 'attributes'])
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();

describe('custom attribute types', () => {
  const rows = [
    { id: 'T-1', SeniorCitizen: '0', Score: '12', Plan: 'East', Churn: 'Yes' },
    { id: 'T-2', SeniorCitizen: '1', Score: 'high', Plan: '', Churn: 'No' },
    { id: 'T-3', SeniorCitizen: '', Score: '7', Plan: 'West', Churn: 'No' },
  ];

  it('guesses numeric or categorical from the values and names accounts without a name column after their id', async () => {
    const report = await s.imports.importFile(cliActor, 'accounts', writeCsv(rows), {
      locale: 'en',
      map: { id: 'external_id' },
      outcome: 'Churn',
    });
    expect(report.attributeTypes).toEqual({ SeniorCitizen: 'numeric', Score: 'categorical', Plan: 'categorical' });
    expect(await attributes('T-1')).toEqual({
      name: 'T-1',
      attributes: { SeniorCitizen: 0, Score: '12', Plan: 'East', churn_outcome: true },
    });
  });

  it('lets the importer override the guess; a text cell in a column forced numeric is refused', async () => {
    const report = await s.imports.importFile(cliActor, 'accounts', writeCsv(rows), {
      locale: 'en',
      map: { id: 'external_id' },
      outcome: 'Churn',
      types: { SeniorCitizen: 'categorical', Score: 'numeric' },
    });
    expect(report.attributeTypes).toEqual({ SeniorCitizen: 'categorical', Score: 'numeric', Plan: 'categorical' });
    expect(report.refused.map((r) => [r.line, r.column, r.message])).toEqual([
      [3, 'Score', '"high" is not a number (the column is imported as numeric)'],
    ]);
    expect((await attributes('T-1')).attributes).toEqual({
      SeniorCitizen: '0',
      Score: 12,
      Plan: 'East',
      churn_outcome: true,
    });
    expect((await attributes('T-3')).attributes).toMatchObject({ Score: 7, Plan: 'West' });
  });
});
