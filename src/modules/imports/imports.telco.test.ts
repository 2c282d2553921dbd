import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { telcoFile } from '../../../test/support/telco.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

/** IBM's public Telco Customer Churn file: the churn model's benchmark, imported as accounts. */
// Fails (never skips) when the shared benchmark file is missing or not the expected one.
const TELCO = telcoFile();

let database: Database;
let s: Services;
beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2024-06-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14 },
  });
});
afterAll(() => database.close());

describe('the Telco churn file as accounts', () => {
  it('imports every row with its outcome and typed attributes', async () => {
    const report = await s.imports.importFile(cliActor, 'accounts', TELCO, {
      locale: 'en',
      map: { customerID: 'external_id' },
      outcome: 'Churn',
    });
    expect(report).toMatchObject({
      rows: 7043,
      imported: 7043,
      refusedRows: 0,
      createdAccountCount: 7043,
      refused: [],
    });
    expect(report.attributeTypes).toMatchObject({
      SeniorCitizen: 'numeric',
      tenure: 'numeric',
      MonthlyCharges: 'numeric',
      TotalCharges: 'numeric',
      gender: 'categorical',
      Contract: 'categorical',
      PaymentMethod: 'categorical',
    });
    expect(report.attributeTypes).not.toHaveProperty('Churn');

    const counts = await sql<{
      accounts: number;
      churned: number;
      stayed: number;
      blank_total: number;
      named_by_id: number;
    }>`
      select count(*)::int as accounts,
        count(*) filter (where attributes->'churn_outcome' = 'true'::jsonb)::int as churned,
        count(*) filter (where attributes->'churn_outcome' = 'false'::jsonb)::int as stayed,
        count(*) filter (where not attributes ? 'TotalCharges')::int as blank_total,
        count(*) filter (where name = external_id)::int as named_by_id
      from accounts`.execute(database.db);
    expect(counts.rows[0]).toEqual({ accounts: 7043, churned: 1869, stayed: 5174, blank_total: 11, named_by_id: 7043 });

    const first = await database.db
      .selectFrom('accounts')
      .select(['name', 'attributes'])
      .where('external_id', '=', '7590-VHVEG')
      .executeTakeFirstOrThrow();
    expect(first.name).toBe('7590-VHVEG');
    expect(first.attributes).toMatchObject({
      gender: 'Female',
      SeniorCitizen: 0,
      tenure: 1,
      MonthlyCharges: 29.85,
      TotalCharges: 29.85,
      Contract: 'Month-to-month',
      churn_outcome: false,
    });
    expect(first.attributes).not.toHaveProperty('Churn');
    expect(first.attributes).not.toHaveProperty('customerID');

    const again = await s.imports.importFile(cliActor, 'accounts', TELCO, {
      locale: 'en',
      map: { customerID: 'external_id' },
      outcome: 'Churn',
    });
    expect(again).toMatchObject({ imported: 7043, createdAccountCount: 0 });
    const updated = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'update' and entity = 'account'`.execute(database.db);
    expect(updated.rows[0].n).toBe(0);
  });
});
