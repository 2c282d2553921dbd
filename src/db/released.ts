import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Released migrations are immutable: a database that already ran 0007 never runs it again, so an
 * edit to it silently forks the schema between old and new installs. checksums.json pins the
 * sha256 of every released file; src/db/migrations.immutable.test.ts compares the tree with it.
 */
const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const CHECKSUMS = path.join(MIGRATIONS_DIR, 'checksums.json');
const MIGRATION = /^(\d{4})_.+\.sql$/;

/** sha256 of the text with CRLF read as LF, so a Windows checkout does not count as an edit. */
export const checksum = (text: string) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

export function migrationChecksums(dir = MIGRATIONS_DIR): Record<string, string> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => MIGRATION.test(f))
    .sort();
  return Object.fromEntries(files.map((f) => [f, checksum(fs.readFileSync(path.join(dir, f), 'utf8'))]));
}

export function pinnedChecksums(file = CHECKSUMS): Record<string, string> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

const numberOf = (file: string) => Number(MIGRATION.exec(file)?.[1] ?? Number.NaN);

/**
 * What breaks the rule, one sentence each: a pinned file changed or gone, or an unpinned file
 * numbered at or below the newest pinned one (it would run after newer migrations on old installs).
 * Unpinned files numbered above every pinned one are migrations still being written: allowed.
 */
export function checkReleasedMigrations(onDisk: Record<string, string>, pinned: Record<string, string>): string[] {
  const problems: string[] = [];
  const has = (o: Record<string, string>, k: string) => Object.hasOwn(o, k);
  for (const [file, sum] of Object.entries(pinned).sort()) {
    if (!has(onDisk, file))
      problems.push(`${file} is released but missing: restore it; undo its effect in a new migration instead.`);
    else if (onDisk[file] !== sum)
      problems.push(
        `${file} is released but changed (sha256 ${onDisk[file]}, pinned ${sum}): restore it and put the change in a new migration.`,
      );
  }
  const newest = Math.max(0, ...Object.keys(pinned).map(numberOf));
  for (const [file, sum] of Object.entries(onDisk).sort()) {
    if (has(pinned, file) || numberOf(file) > newest) continue;
    problems.push(
      `${file} is unpinned but not newer than the last released migration (${String(newest).padStart(4, '0')}), so it is older than released ones: ` +
        `renumber it above ${String(newest).padStart(4, '0')}, or if it is released add "${file}": "${sum}" to src/db/migrations/checksums.json.`,
    );
  }
  return problems;
}
