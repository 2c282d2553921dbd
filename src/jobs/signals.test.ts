import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../test/support/csv.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { waitFor } from '../../test/support/wait.js';
import { cliActor } from '../modules/audit/actor.js';
import { onAccountsChanged } from './registry.js';
import type { AccountsChangedListener } from './signals.js';

/** The data-arrival signal: new data for accounts reaches every registered listener, batched. */
const calls: { ids: string[]; jobId: string }[] = [];
const listener: AccountsChangedListener = async (ids, context) => {
  calls.push({ ids, jobId: context.jobId });
};

beforeAll(() => {
  onAccountsChanged.push(listener);
});
afterAll(() => {
  onAccountsChanged.splice(onAccountsChanged.indexOf(listener), 1);
});
afterEach(() => {
  calls.length = 0;
});

describe('without a queue (CLI, tests): the listeners run at once', () => {
  let t: TestApp;
  let acme: string;
  let globex: string;
  beforeAll(async () => {
    t = await createTestApp();
    acme = (await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'ACME' })).id;
    globex = (await t.services.accounts.create(cliActor, { name: 'Globex', externalId: 'GLOBEX' })).id;
  });
  afterAll(() => t.close());

  it('hands the accounts over once, deduplicated, and clears them', async () => {
    await t.services.signals.accountsChanged([globex, acme, acme], 'test');
    expect(calls).toEqual([{ ids: [acme, globex].sort(), jobId: expect.stringMatching(/^inline-/) }]);
    expect(await t.database.db.selectFrom('account_signals').selectAll().execute()).toEqual([]);
  });

  it('an import signals the accounts each chunk gave new data', async () => {
    const file = writeCsv(
      [
        { account_external_id: 'ACME', date: '2026-06-01', event: 'login', count: '3' },
        { account_external_id: 'NOPE', date: '2026-06-01', event: 'login', count: '1' },
      ],
      ['account_external_id', 'date', 'event', 'count'],
    );
    await t.services.imports.importFile(cliActor, 'usage', file, { locale: 'en' });
    expect(calls.map((c) => c.ids)).toEqual([[acme]]);
  });

  it('a listener that fails leaves the accounts waiting for the retry', async () => {
    const failing: AccountsChangedListener = async () => {
      throw new Error('health service down');
    };
    onAccountsChanged.push(failing);
    try {
      await expect(t.services.signals.accountsChanged([acme], 'test')).rejects.toThrow('health service down');
    } finally {
      onAccountsChanged.splice(onAccountsChanged.indexOf(failing), 1);
    }
    expect(
      (await t.database.db.selectFrom('account_signals').select('account_id').execute()).map((r) => r.account_id),
    ).toEqual([acme]);
    await t.services.signals.accountsChanged([globex], 'test');
    expect(calls.at(-1)?.ids).toEqual([acme, globex].sort());
  });
});

describe('with the queue: signals arriving together are handled by one debounced job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { jobs: true });
  });
  afterAll(() => t.close());

  it('batches the ids of several signals into one run', async () => {
    const a = (await t.services.accounts.create(cliActor, { name: 'A' })).id;
    const b = (await t.services.accounts.create(cliActor, { name: 'B' })).id;
    await t.services.signals.accountsChanged([a], 'usage');
    await t.services.signals.accountsChanged([b], 'stripe');
    expect(calls).toEqual([]);
    await waitFor(() => calls.length > 0, 20_000);
    expect(calls).toHaveLength(1);
    expect(calls[0].ids).toEqual([a, b].sort());
    expect(calls[0].jobId).not.toMatch(/^inline-/);
  }, 60_000);
});
