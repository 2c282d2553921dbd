import fs from 'node:fs';
import path from 'node:path';
import { createClock } from './clock.js';
import type { Config } from './config.js';
import { connect, type Database } from './db/connection.js';
import { migrate } from './db/migrator.js';

/** Where the embedded database lives, and the lock file a server keeps there while it runs. */
export const lockFile = (config: Config) => path.join(path.resolve(config.TENURE_DATA_DIR), 'tenure-server.pid');

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirBusyError extends Error {}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. The server holds a pid file; the CLI refuses politely while that process lives.
 */
export function assertDataDirFree(config: Config) {
  if (config.DATABASE_URL) return;
  const file = lockFile(config);
  if (!fs.existsSync(file)) return;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  if (pid && pid !== process.pid && isAlive(pid)) {
    throw new DataDirBusyError(
      `The Tenure server (pid ${pid}) is using the embedded database in ${path.resolve(config.TENURE_DATA_DIR)}.\n` +
        'Stop the server first, or run Tenure on PostgreSQL (DATABASE_URL) so the CLI and server can share the database.',
    );
  }
}

export function holdDataDir(config: Config) {
  if (config.DATABASE_URL) return () => {};
  const file = lockFile(config);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, String(process.pid));
  return () => fs.rmSync(file, { force: true });
}

export async function openDatabase(config: Config): Promise<Database> {
  const database = await connect({ databaseUrl: config.DATABASE_URL, dataDir: config.TENURE_DATA_DIR });
  await migrate(database);
  return database;
}

export const clockFor = (config: Config) => createClock(config.TENURE_NOW);
