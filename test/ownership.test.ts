import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLE_OWNERS } from '../src/db/ownership.js';

/**
 * Data ownership (docs/ARCHITECTURE.md, "Data ownership"): SQL on a table appears only in the module
 * that owns it (src/db/ownership.ts). dependency-cruiser sees imports, not SQL, so this test reads
 * every non-test file under src/modules/<module>/ and finds the tables it names in Kysely calls
 * (selectFrom, insertInto, updateTable, deleteFrom, mergeInto, the joins, with) and in raw `sql`
 * (from / join / into / update / table followed by a table name). Comments are ignored.
 */

const root = path.resolve(import.meta.dirname, '..');
const modulesDir = path.join(root, 'src/modules');
const tables = new Set<string>(Object.keys(TABLE_OWNERS));
const owners: Record<string, string> = TABLE_OWNERS;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The tables a piece of TypeScript names in Kysely calls or raw SQL. */
export function tablesNamed(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  const patterns = [
    /\b(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin|innerJoinLateral|leftJoinLateral|with)\(\s*\[?\s*['"`]([a-z_]+)/g,
    /\b(?:from|join|into|update|table|using)\s+"?([a-z_]+)"?/gi,
    /\bsql\.(?:table|ref|id)\(\s*['"`]([a-z_]+)/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1].toLowerCase();
      if (tables.has(name)) found.add(name);
    }
  }
  return [...found].sort();
}

function violations(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of sourceFiles(modulesDir)) {
    const relative = path.relative(modulesDir, file).split(path.sep).join('/');
    const [module, ...rest] = relative.split('/');
    if (rest.length === 0) continue; // src/modules/*.ts: the manifest types, no SQL
    const foreign = tablesNamed(fs.readFileSync(file, 'utf8')).filter((table) => owners[table] !== module);
    if (foreign.length) out[relative] = foreign;
  }
  return out;
}

describe('data ownership', () => {
  it('finds tables in Kysely calls and raw SQL, not in comments or imports', () => {
    const sample = [
      "import { x } from './accounts.js';",
      '// read from accounts here',
      "db.selectFrom('contacts as c').innerJoin('users as u', 'u.id', 'c.owner_id')",
      'sql`select 1 from usage_daily d join "tickets" t on true`',
      "db.insertInto('ctas').values(v)",
    ].join('\n');
    expect(tablesNamed(sample)).toEqual(['contacts', 'ctas', 'tickets', 'usage_daily', 'users']);
  });

  it('every table has one owning module that exists', () => {
    const modules = new Set(
      fs
        .readdirSync(modulesDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name),
    );
    const unknown = Object.entries(owners).filter(([, owner]) => owner !== 'jobs' && !modules.has(owner));
    expect(unknown, 'owners that are not a folder under src/modules').toEqual([]);
  });

  it('no module touches a table it does not own', () => {
    const found = violations();
    const named = Object.entries(found).flatMap(([file, list]) =>
      list.map((table) => `${file}: ${table} (owned by ${owners[table]})`),
    );
    expect(named, 'go through the owner’s service or read model (docs/ARCHITECTURE.md, "Data ownership")').toEqual([]);
  });
});
