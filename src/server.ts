import { buildApp } from './app.js';
import type { Config } from './config.js';
import { loadDemoIfEmpty } from './demo/load.js';
import { assertDataDirFree, clockFor, holdDataDir, openDatabase } from './runtime.js';

/** `npm start`: migrate, load the demo company on the first start, serve API and UI. */
export async function startServer(config: Config) {
  const started = Date.now();
  assertDataDirFree(config);
  const release = holdDataDir(config);
  const database = await openDatabase(config);
  const clock = clockFor(config);
  const { app, services } = await buildApp({ config, database, clock, logger: config.LOG_LEVEL !== 'silent' });

  if (config.TENURE_DEMO) {
    const demo = await loadDemoIfEmpty(services, { seed: config.TENURE_DEMO_SEED, timeZone: config.TENURE_TIMEZONE, currency: config.TENURE_CURRENCY });
    if (demo) console.log(`Loaded the demo company: ${demo.accounts} accounts, ${demo.users} team members.`);
  }

  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  console.log(`\nTenure is running at ${url}  (${database.backend}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (config.TENURE_DEMO) console.log('Demo sign-in: admin@tenure.demo / tenure-demo');
  console.log(`API docs: ${url}/api/docs\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await database.close();
    release();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { app, database, url };
}
