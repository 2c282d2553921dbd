/**
 * The hand-kept Kysely types (types.ts, tables/*.ts) against the schema the migrator really builds:
 * every table and view on both sides, every column on both sides, nullability, and a coarse class
 * of the value (string, number, boolean, Date, json, bytes, arrays of those). The TypeScript side
 * is read with the compiler API as Kysely sees it: the select type of each column (Selectable).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/support/db.js';
import type { Database } from './connection.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The migrator's bookkeeping table: not queried through Kysely, so not typed. */
const UNTYPED_TABLES = new Set(['schema_migrations']);

/**
 * The class of value each column type reaches the code as, with the parsers connection.ts sets on
 * both backends: int8 and numeric as numbers, date as a 'YYYY-MM-DD' string. A type not listed
 * fails the test, so a new column type needs a decision here.
 */
const CLASS_OF_UDT: Record<string, string> = {
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  uuid: 'string',
  citext: 'string',
  inet: 'string',
  date: 'string',
  int2: 'number',
  int4: 'number',
  int8: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'number',
  bool: 'boolean',
  timestamptz: 'Date',
  timestamp: 'Date',
  json: 'json',
  jsonb: 'json',
  bytea: 'bytes',
};

interface DbColumn {
  nullable: boolean;
  /** 'string', 'number', … or 'array:<element class>'. */
  klass: string;
  view: boolean;
}

interface TsColumn {
  nullable: boolean;
  /** Classes of the non-null members of the select type: 'string', 'array:number', 'unknown' … */
  classes: string[];
  text: string;
}

function classOfUdt(udt: string): string {
  if (udt.startsWith('_')) return `array:${CLASS_OF_UDT[udt.slice(1)] ?? `unmapped ${udt.slice(1)}`}`;
  return CLASS_OF_UDT[udt] ?? `unmapped ${udt}`;
}

async function databaseColumns(database: Database): Promise<Map<string, Map<string, DbColumn>>> {
  const { rows } = await sql<{
    table_name: string;
    table_type: string;
    column_name: string;
    is_nullable: string;
    udt_name: string;
  }>`
    select c.table_name, t.table_type, c.column_name, c.is_nullable, c.udt_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema()
    order by c.table_name, c.ordinal_position`.execute(database.db);
  const tables = new Map<string, Map<string, DbColumn>>();
  for (const row of rows) {
    if (UNTYPED_TABLES.has(row.table_name)) continue;
    if (!tables.has(row.table_name)) tables.set(row.table_name, new Map());
    tables.get(row.table_name)!.set(row.column_name, {
      nullable: row.is_nullable === 'YES',
      klass: classOfUdt(row.udt_name),
      view: row.table_type === 'VIEW',
    });
  }
  return tables;
}

/** The DB interface of types.ts, each column's select type reduced to its nullability and classes. */
function typedColumns(typesFile = path.join(here, 'types.ts')): Map<string, Map<string, TsColumn>> {
  const program = ts.createProgram([typesFile], {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(typesFile);
  if (!source) throw new Error(`cannot read ${typesFile}`);
  const dbSymbol = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'DB');
  if (!dbSymbol) throw new Error(`${typesFile} exports no DB interface`);
  const db = checker.getDeclaredTypeOfSymbol(dbSymbol);

  const members = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
  /** Kysely's ColumnType<S, I, U> (Generated, Json… too) is read as what a select returns: S. */
  const selected = (type: ts.Type): ts.Type[] =>
    members(type).flatMap((member) => {
      const select = member.getProperty('__select__');
      return select ? selected(checker.getTypeOfSymbol(select)) : [member];
    });
  const classOf = (type: ts.Type): string => {
    const f = type.flags;
    if (f & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral | ts.TypeFlags.TemplateLiteral)) return 'string';
    if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return 'number';
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return 'boolean';
    if (f & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return 'bigint';
    if (f & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return 'unknown';
    if (f & ts.TypeFlags.Undefined) return 'undefined';
    if (f & ts.TypeFlags.Never) return 'never';
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const elements = checker
        .getTypeArguments(type as ts.TypeReference)
        .flatMap(members)
        .filter((t) => !(t.flags & ts.TypeFlags.Null));
      const classes = [...new Set(elements.map(classOf))];
      return `array:${classes.length === 1 ? classes[0] : classes.sort().join('|')}`;
    }
    const name = type.getSymbol()?.name;
    if (name === 'Date') return 'Date';
    if (name === 'Buffer' || name === 'Uint8Array') return 'bytes';
    return 'json';
  };

  const tables = new Map<string, Map<string, TsColumn>>();
  for (const table of checker.getPropertiesOfType(db)) {
    const columns = new Map<string, TsColumn>();
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      const type = checker.getTypeOfSymbol(column);
      const select = selected(type);
      const nonNull = select.filter((t) => !(t.flags & ts.TypeFlags.Null));
      columns.set(column.name, {
        nullable: nonNull.length < select.length,
        classes: [...new Set(nonNull.map(classOf))].sort(),
        text: checker.typeToString(type),
      });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** Every disagreement between the typed tables and the database, one line each. */
function mismatches(typed: Map<string, Map<string, TsColumn>>, actual: Map<string, Map<string, DbColumn>>): string[] {
  const out: string[] = [];
  for (const table of actual.keys())
    if (!typed.has(table)) out.push(`${table}: in the database, missing from the DB interface`);
  for (const [table, columns] of typed) {
    const real = actual.get(table);
    if (!real) {
      out.push(`${table}: in the DB interface, not in the database`);
      continue;
    }
    for (const column of real.keys())
      if (!columns.has(column)) out.push(`${table}.${column}: in the database, missing from the type`);
    for (const [column, t] of columns) {
      const d = real.get(column);
      if (!d) {
        out.push(`${table}.${column}: typed, not in the database`);
        continue;
      }
      const where = `${table}.${column} (${t.text})`;
      if (d.klass.includes('unmapped')) {
        out.push(`${where}: column type ${d.klass.replace('unmapped ', '')} has no class in CLASS_OF_UDT`);
        continue;
      }
      if (d.klass === 'json') {
        // JSON holds any value; a json column typed `unknown` says nothing about null either way.
      } else {
        const wrong = t.classes.filter(
          (c) => c !== d.klass && !(d.klass.startsWith('array:') && c === 'array:unknown'),
        );
        if (wrong.length || !t.classes.length)
          out.push(`${where}: typed as ${t.classes.join(' | ') || 'nothing'}, the database gives ${d.klass}`);
      }
      // information_schema calls every view column nullable: a view's nullability is not checked.
      if (d.view) continue;
      const loose = t.classes.includes('unknown');
      if (d.nullable && !t.nullable && !loose) out.push(`${where}: nullable in the database, typed without | null`);
      // A not-null json column may hold JSON null, which reads back as null.
      if (!d.nullable && t.nullable && d.klass !== 'json')
        out.push(`${where}: not null in the database, typed with | null`);
    }
  }
  return out;
}

describe('Kysely table types against the migrated schema', () => {
  let database: Database;
  let actual: Map<string, Map<string, DbColumn>>;
  let typed: Map<string, Map<string, TsColumn>>;
  beforeAll(async () => {
    database = await testDatabase();
    actual = await databaseColumns(database);
    typed = typedColumns();
  }, 120_000);
  afterAll(() => database?.close());

  it('reads both sides (the comparison below is not vacuous)', () => {
    expect(actual.size).toBeGreaterThan(50);
    expect(typed.size).toBeGreaterThan(50);
    expect(typed.get('accounts')!.get('name')).toMatchObject({ nullable: false, classes: ['string'] });
    expect(typed.get('accounts')!.get('employees')).toMatchObject({ nullable: true, classes: ['number'] });
    expect(typed.get('accounts')!.get('created_at')).toMatchObject({ nullable: false, classes: ['Date'] });
    expect(typed.get('health_snapshots')!.get('measure_values')).toMatchObject({
      nullable: false,
      classes: ['array:number'],
    });
    expect(actual.get('accounts')!.get('employees')).toEqual({ nullable: true, klass: 'number', view: false });
  });

  it('has every table, column, nullability and value class the same on both sides', () => {
    expect(mismatches(typed, actual)).toEqual([]);
  });

  it('reports a column typed without | null, one typed with a wrong class, and a missing table', () => {
    const col = (nullable: boolean, klass: string): DbColumn => ({ nullable, klass, view: false });
    const db = new Map([
      [
        't',
        new Map([
          ['a', col(true, 'string')],
          ['b', col(false, 'number')],
          ['c', col(false, 'array:string')],
        ]),
      ],
      ['extra', new Map()],
    ]);
    const ty = new Map([
      [
        't',
        new Map<string, TsColumn>([
          ['a', { nullable: false, classes: ['string'], text: 'string' }],
          ['b', { nullable: false, classes: ['string'], text: 'string' }],
          ['c', { nullable: true, classes: ['array:string'], text: 'string[] | null' }],
        ]),
      ],
    ]);
    expect(mismatches(ty, db)).toEqual([
      'extra: in the database, missing from the DB interface',
      't.a (string): nullable in the database, typed without | null',
      't.b (string): typed as string, the database gives number',
      't.c (string[] | null): not null in the database, typed with | null',
    ]);
  });
});
