import fs from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDatabase } from './support/db.js';

// The methodology notes behind the product and the vendors it is compared with are for its
// engineers; nothing a user reads may name them.
const LEAK = /seed\s*0\d\d|种子|Gainsight|ChurnZero|Vitally|Totango|Planhat|ChartMogul/i;

describe('product text names no source document and no vendor', () => {
  it('in the catalogs of both languages (web app; server errors and emails)', () => {
    for (const file of ['web/src/i18n/en.json', 'web/src/i18n/zh-CN.json', 'src/i18n/en.json', 'src/i18n/zh-CN.json']) {
      const leaks: string[] = [];
      const walk = (node: unknown, path: string) => {
        if (typeof node === 'string') {
          if (LEAK.test(node)) leaks.push(`${path}: ${node}`);
        } else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) walk(value, path ? `${path}.${key}` : key);
        }
      };
      walk(JSON.parse(fs.readFileSync(file, 'utf8')), '');
      expect(leaks, file).toEqual([]);
    }
  });

  it('in the data a fresh installation ships (playbooks, rules, templates, defaults)', async () => {
    const database = await testDatabase();
    try {
      const columns = await sql<{ table_name: string; column_name: string }>`
        select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
          and c.data_type in ('text', 'character varying', 'jsonb', 'json')`.execute(database.db);
      expect(columns.rows.length).toBeGreaterThan(50);
      const leaks: string[] = [];
      for (const { table_name, column_name } of columns.rows) {
        const found = await sql<{ value: string }>`
          select ${sql.ref(column_name)}::text as value from ${sql.table(table_name)}
          where ${sql.ref(column_name)}::text ~* ${LEAK.source}`.execute(database.db);
        for (const row of found.rows) leaks.push(`${table_name}.${column_name}: ${row.value}`);
      }
      expect(leaks).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
