import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/support/db.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import { detectEncoding } from './encoding.js';

/** CSV files as the tools people use save them, built byte by byte; what cannot be decoded is refused, never stored garbled. */
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

const file = (bytes: Uint8Array) => {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-enc-')), 'accounts.csv');
  fs.writeFileSync(target, bytes);
  return target;
};

/** GB18030 bytes of a string of ASCII and two-byte characters: Node can decode GB18030 but not encode it. */
let gbTable: Map<string, number[]> | undefined;
function gb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : gbTable!.get(ch)!)));
}

const utf16be = (text: string) => {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};

const names = async (ids: string[]) => {
  const rows = await database.db
    .selectFrom('accounts')
    .select(['external_id', 'name'])
    .where('external_id', 'in', ids)
    .orderBy('external_id')
    .execute();
  return rows.map((r) => [r.external_id, r.name]);
};

describe('CSV encodings', () => {
  it('reads UTF-8 with and without a BOM, UTF-16 LE and BE with a BOM, and GB18030 Chinese', async () => {
    const csv = (prefix: string) =>
      `external_id,name\n${prefix}-1,Société Générale\n${prefix}-2,北京字节跳动科技有限公司\n`;
    const files: [string, Uint8Array][] = [
      ['U8', Buffer.from(csv('U8'))],
      ['BOM', Buffer.from(`\uFEFF${csv('BOM')}`)],
      ['LE', Buffer.from(`\uFEFF${csv('LE')}`, 'utf16le')],
      ['BE', utf16be(`\uFEFF${csv('BE')}`)],
    ];
    for (const [prefix, bytes] of files) {
      const report = await s.imports.importFile(cliActor, 'accounts', file(bytes), { locale: 'en' });
      expect(report, prefix).toMatchObject({ rows: 2, imported: 2, refused: [] });
      expect(await names([`${prefix}-1`, `${prefix}-2`]), prefix).toEqual([
        [`${prefix}-1`, 'Société Générale'],
        [`${prefix}-2`, '北京字节跳动科技有限公司'],
      ]);
    }
    const gb = gb18030('客户编号,客户名称,行业\nGB-1,上海浦东发展银行股份有限公司,金融\nGB-2,华为技术有限公司,通信\n');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow(); // really not UTF-8
    const report = await s.imports.importFile(cliActor, 'accounts', file(gb), { locale: 'en' });
    expect(report).toMatchObject({ rows: 2, imported: 2, refused: [] });
    expect(await names(['GB-1', 'GB-2'])).toEqual([
      ['GB-1', '上海浦东发展银行股份有限公司'],
      ['GB-2', '华为技术有限公司'],
    ]);
  });

  it('refuses Latin-1 with a clear message instead of storing mojibake, even when the bytes happen to be valid GB18030', async () => {
    for (const [id, name] of [
      ['L-1', 'Société Générale'], // 0xE9 before a space: not GB18030 at all
      ['L-2', 'Müller GmbH Köln'], // every accented letter pairs with the next one: valid GB18030, garbage text
      ['L-3', 'Ärger über Straße'],
    ]) {
      const bytes = Buffer.from(`external_id,name\n${id},${name}\n`, 'latin1');
      expect(detectEncoding(bytes), name).toBeUndefined();
      for (const [locale, message] of [
        ['en', /not text in UTF-8, UTF-16 or GB18030.*save it as CSV UTF-8/],
        ['zh-CN', /不是 UTF-8、UTF-16 或 GB18030.*CSV UTF-8/],
      ] as const) {
        const failure = await s.imports
          .importFile(cliActor, 'accounts', file(bytes), { locale })
          .catch((e: unknown) => e);
        expect(failure, name).toMatchObject({ reason: 'imports.encoding' });
      }
      expect(await names([id])).toEqual([]);
    }
    // The message each language shows:
    const t = (await import('../../i18n/index.js')).translator;
    expect(t('en')('imports.encoding')).toMatch(/not text in UTF-8, UTF-16 or GB18030.*save it as CSV UTF-8/);
    expect(t('zh-CN')('imports.encoding')).toMatch(/不是 UTF-8、UTF-16 或 GB18030.*CSV UTF-8/);
  });

  it('refuses the rows holding bytes that do not decode further into a file, and imports the others', async () => {
    const head = [
      'external_id,name',
      ...Array.from({ length: 3000 }, (_, i) => `M-${i},Company ${i} ${'x'.repeat(20)}`),
    ].join('\n');
    expect(head.length).toBeGreaterThan(65_536); // past the sample the encoding is decided on
    const bytes = Buffer.concat([
      Buffer.from(`${head}\nM-bad,`),
      Buffer.from('Société', 'latin1'),
      Buffer.from('\nM-last,Last\n'),
    ]);
    const report = await s.imports.importFile(cliActor, 'accounts', file(bytes), { locale: 'en' });
    expect(report).toMatchObject({ rows: 3002, imported: 3001, refusedRows: 1 });
    expect(report.refused).toEqual([
      expect.objectContaining({ line: 3002, column: 'name', reason: 'imports.badEncoding' }),
    ]);
    expect(await names(['M-bad', 'M-last'])).toEqual([['M-last', 'Last']]);
  });

  it('reads UTF-16 saved without a BOM', () => {
    expect(detectEncoding(Buffer.from('external_id,name\nA,B\n', 'utf16le'))).toBe('utf-16le');
    expect(detectEncoding(utf16be('external_id,name\nA,B\n'))).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('external_id,name\nA,B\u0000\n'))).toBe('utf-8');
  });
});
