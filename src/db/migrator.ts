import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './connection.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant: serialises concurrent migrators (several servers starting at once) on PostgreSQL.
const MIGRATION_LOCK_KEY = 734_512_001;

export interface MigrationResult {
  applied: string[];
  current: string | null;
}

export function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
}

/** Applies the forward-only SQL migrations not applied yet, each in its own transaction. */
export async function migrate(database: Database): Promise<MigrationResult> {
  return database.exclusive(MIGRATION_LOCK_KEY, async (run) => {
    await run(`create table if not exists schema_migrations (
      version text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await run('select version from schema_migrations')).map((r) => String(r.version)));
    const applied: string[] = [];
    for (const file of migrationFiles()) {
      const version = file.replace(/\.sql$/, '');
      if (done.has(version)) continue;
      const body = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      await run(
        `begin;\n${body}\n;\ninsert into schema_migrations (version) values ('${version.replace(/'/g, "''")}');\ncommit;`,
      );
      applied.push(version);
    }
    return { applied, current: [...done, ...applied].sort().at(-1) ?? null };
  });
}
