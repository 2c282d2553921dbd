/**
 * npm run bench:imports — writes a CSV of BENCH_ROWS rows (default 1,000,000) of each kind in
 * BENCH_KINDS (default usage,accounts) to a temporary file, imports it through the import
 * service and prints the time, rows per second and the process's peak memory, sampled while it
 * runs, with the resident size at each tenth of the file (flat = streaming works; run with
 * `node --expose-gc` — npm run bench:imports does — to see the live heap after a collection too).
 *
 * PostgreSQL by default (TEST_DATABASE_URL, or the local server): the process's memory is then
 * the importer's alone. BENCH_BACKEND=pglite runs on the embedded database in a temporary
 * directory, whose WebAssembly heap (the database's own cache) counts in the same process.
 * Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import { createClock } from '../src/clock.js';
import { connect, type Database } from '../src/db/connection.js';
import { migrate } from '../src/db/migrator.js';
import { cliActor } from '../src/modules/audit/actor.js';
import { createServices } from '../src/services.js';
import type { ImportKind } from '../src/shared/imports.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const KINDS = (process.env.BENCH_KINDS ?? 'usage,accounts').split(',') as ImportKind[];
const BACKEND = process.env.BENCH_BACKEND === 'pglite' ? 'pglite' : 'postgres';
const ACCOUNTS = 1000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-imports-'));
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const seconds = (since: number) => (performance.now() - since) / 1000;

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (BACKEND === 'pglite') {
    const database = await connect({ dataDir: path.join(dir, 'pglite') });
    await migrate(database);
    return { database, drop: async () => database.close() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = 'tenure_bench_imports';
  const admin = await connect({ databaseUrl: serverUrl, poolSize: 1 });
  await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
  await sql.raw(`create database ${dbName}`).execute(admin.db);
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const database = await connect({ databaseUrl: url.toString() });
  await migrate(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}

const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + (i % 1000) * 86_400_000).toISOString().slice(0, 10);
const GENERATORS: Partial<Record<ImportKind, { header: string; row: (i: number) => string }>> = {
  // 1,000 accounts × 1,000 days: every row a distinct (account, day, event).
  usage: {
    header: 'account_external_id,date,event,count,users',
    row: (i) =>
      `bench-${Math.floor(i / 1000) % ACCOUNTS},${day(i)},event_${Math.floor(i / (1000 * ACCOUNTS))},${i % 97},${i % 13}`,
  },
  // One account per row, five custom attributes (three numeric, two categorical) and an outcome.
  accounts: {
    header: 'external_id,name,industry,employees,first_paid_on,Seats,MonthlyCharges,Tenure,Contract,Region Code,Churn',
    row: (i) =>
      `acc-${i},Customer ${i},${['Retail', 'Finance', 'Manufacturing'][i % 3]},${10 + (i % 5000)},${day(i)},${i % 200},${(i % 10000) / 100},${i % 72},${['Month-to-month', 'One year', 'Two year'][i % 3]},R${i % 50},${i % 4 === 0 ? 'Yes' : 'No'}`,
  },
  subscriptions: {
    header: 'account_external_id,subscription_external_id,plan,quantity,amount,currency,interval,starts_on,status',
    row: (i) => `sub-acc-${i % 100_000},sub-${i},Pro,${1 + (i % 20)},${(i % 100000) / 100},CNY,month,${day(i)},active`,
  },
};

async function writeFile(kind: ImportKind): Promise<string> {
  const generator = GENERATORS[kind];
  if (!generator) throw new Error(`no generator for ${kind}`);
  const file = path.join(dir, `${kind}.csv`);
  const out = fs.createWriteStream(file);
  out.write(`${generator.header}\n`);
  let buffer = '';
  for (let i = 0; i < ROWS; i++) {
    buffer += `${generator.row(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return file;
}

const { database, drop } = await open();
const services = createServices({
  db: database.db,
  clock: createClock('2024-06-01T00:00:00Z'),
  config: { TENURE_SESSION_DAYS: 14, TENURE_CURRENCY: 'CNY' },
});
await sql`insert into accounts (external_id, name) select 'bench-' || g, 'Bench ' || g from generate_series(0, ${ACCOUNTS - 1}) g`.execute(
  database.db,
);
console.log(`Tenure import bench: ${ROWS.toLocaleString('en')} rows per kind on ${BACKEND}, Node ${process.version}`);

for (const kind of KINDS) {
  let t = performance.now();
  const file = await writeFile(kind);
  const size = fs.statSync(file).size;
  console.log(`\n${kind}: wrote ${mb(size)} CSV in ${seconds(t).toFixed(1)} s`);

  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 25);
  const tenths: string[] = [];
  let nextTenth = 1;
  t = performance.now();
  const report = await services.imports.importFile(cliActor, kind, file, {
    locale: 'en',
    outcome: kind === 'accounts' ? 'Churn' : undefined,
    onProgress: (p) => {
      while (p.readBytes >= (p.totalBytes * nextTenth) / 10 && nextTenth <= 10) {
        // With --expose-gc the live heap after a collection: what the import really holds.
        global.gc?.();
        const m = process.memoryUsage();
        tenths.push(`${mb(m.rss)}${global.gc ? ` (heap ${mb(m.heapUsed)})` : ''}`);
        nextTenth += 1;
      }
    },
  });
  const elapsed = seconds(t);
  clearInterval(sampler);
  console.log(
    `  imported ${report.imported.toLocaleString('en')} of ${report.rows.toLocaleString('en')} rows (${report.refusedRows} refused) in ${elapsed.toFixed(1)} s = ${Math.round(report.rows / elapsed).toLocaleString('en')} rows/s`,
  );
  console.log(
    `  memory: RSS ${mb(baseline.rss)} before, peak ${mb(peakRss)} (+${mb(peakRss - baseline.rss)}); JS heap ${mb(baseline.heapUsed)} before, peak ${mb(peakHeap)}`,
  );
  console.log(
    `  RSS at each tenth of the file${global.gc ? ', live JS heap after a full collection' : ''}: ${tenths.join(' · ')}`,
  );
  if (process.env.BENCH_REIMPORT) {
    t = performance.now();
    const again = await services.imports.importFile(cliActor, kind, file, {
      locale: 'en',
      outcome: kind === 'accounts' ? 'Churn' : undefined,
    });
    console.log(
      `  re-import of the same file: ${seconds(t).toFixed(1)} s, ${again.createdAccountCount} accounts created`,
    );
  }
  fs.rmSync(file);
}
await drop();
fs.rmSync(dir, { recursive: true, force: true });
