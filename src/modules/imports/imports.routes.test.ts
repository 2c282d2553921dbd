import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';
import { IMPORT_KINDS, type ImportJob, type ImportPreview } from '../../shared/imports.js';
import { cliActor } from '../audit/actor.js';

/** The import API over a real socket: multipart uploads with fetch and FormData, as a browser sends them. */
let t: TestApp;
let base: string;
let csm: Session;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  csm = await t.as('csm');
});
afterAll(async () => {
  await t.close();
});

function form(name: string, content: BlobPart, fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([content]), name);
  return data;
}

const post = (path: string, body: FormData, session: Session = csm, language = 'en') =>
  fetch(`${base}${path}`, { method: 'POST', body, headers: { ...session.headers, 'accept-language': language } });
const get = (path: string, language = 'en', session: Session = csm) =>
  fetch(`${base}${path}`, { headers: { ...session.headers, 'accept-language': language } });

async function finished(id: string, language = 'en'): Promise<ImportJob> {
  for (let i = 0; i < 300; i++) {
    const job = (await (await get(`/api/imports/${id}`, language)).json()) as ImportJob;
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

describe('import API', () => {
  it('previews the first rows with the suggested mapping and the problems, in the caller’s language', async () => {
    const csv = [
      '客户编号,客户名称,员工数,Seats,Notes',
      'CN-1,云杉科技,120,5,first',
      'CN-2,,many,x,',
      ...Array.from({ length: 40 }, (_, i) => `N-${i},Name ${i},1,1,`),
    ].join('\n');
    const response = await post('/api/imports/accounts/preview', form('accounts.csv', csv), csm, 'zh-CN');
    expect(response.status).toBe(200);
    const preview = (await response.json()) as ImportPreview;
    expect(preview.headers).toEqual(['客户编号', '客户名称', '员工数', 'Seats', 'Notes']);
    expect(preview.mapping).toEqual({
      客户编号: 'external_id',
      客户名称: 'name',
      员工数: 'employees',
      Seats: 'attribute',
      Notes: 'attribute',
    });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]).toEqual({ line: 2, cells: ['CN-1', '云杉科技', '120', '5', 'first'] });
    expect(preview.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'employees', message: '“many”不是 0 到 10000000 之间的整数' }),
    ]);
    expect(preview.columns.map((c) => c.name)).toContain('owner_email');
    expect(await t.database.db.selectFrom('accounts').select('id').execute()).toEqual([]);
  });

  it('imports an upload as a job whose progress reaches the end, and reports refused rows in the reader’s language', async () => {
    await t.services.accounts.create(cliActor, { name: 'Acme', externalId: 'ACME' });
    const lines = ['Customer,day,event,count,users'];
    for (let i = 0; i < 6000; i++)
      lines.push(`ACME,2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},e${i % 50},${i % 20},1`);
    lines.push('GHOST,2024-01-01,login,1,1', 'ACME,2024-02-30,login,1,1');
    const response = await post(
      '/api/imports/usage',
      form('usage.csv', lines.join('\n'), { map: JSON.stringify({ Customer: 'account_external_id', day: 'date' }) }),
    );
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };

    const job = await finished(id, 'zh-CN');
    expect(job).toMatchObject({
      kind: 'usage',
      fileName: 'usage.csv',
      state: 'done',
      rows: 6002,
      imported: 6000,
      error: null,
      createdBy: 'Test csm',
    });
    expect(job.readBytes).toBe(job.totalBytes);
    expect(job.totalBytes).toBeGreaterThan(100_000);
    expect(job.report!.refused.map((r) => [r.line, r.column, r.message])).toEqual([
      [6002, 'account_external_id', '没有外部编号为“GHOST”的客户；请先导入客户'],
      [6003, 'date', '“2024-02-30”不是 YYYY-MM-DD 格式的日期'],
    ]);
    const english = (await (await get(`/api/imports/${id}`, 'en')).json()) as ImportJob;
    expect(english.report!.refused[1].message).toBe('"2024-02-30" is not a date in YYYY-MM-DD form');
    const n = await t.database.db
      .selectFrom('usage_daily')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(new Set(lines.slice(1, 6001).map((l) => l.split(',').slice(1, 3).join('|'))).size);
  });

  it('serves a template per kind, and every template imports cleanly', async () => {
    for (const kind of IMPORT_KINDS) {
      const csv = await get(`/api/imports/templates/${kind}.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toContain(`tenure-${kind}-template.csv`);
      const text = await csv.text();
      const response = await post(`/api/imports/${kind}`, form(`${kind}.csv`, text));
      const job = await finished(((await response.json()) as { id: string }).id);
      expect(job.report, `${kind} template: ${job.state} ${job.error}`).toMatchObject({
        rows: 1,
        imported: 1,
        refused: [],
      });

      const xlsx = await get(`/api/imports/templates/${kind}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await xlsx.arrayBuffer());
      const header = (workbook.worksheets[0].getRow(1).values as string[]).slice(1);
      expect(header, kind).toEqual(
        text
          .replace(/^\uFEFF/, '')
          .split('\r\n')[0]
          .split(','),
      );
      const again = await post(
        `/api/imports/${kind}`,
        form(`${kind}.xlsx`, new Uint8Array(await (await get(`/api/imports/templates/${kind}.xlsx`)).arrayBuffer())),
      );
      const fromXlsx = await finished(((await again.json()) as { id: string }).id);
      expect(fromXlsx.report, `${kind} xlsx template: ${fromXlsx.state} ${fromXlsx.error}`).toMatchObject({
        rows: 1,
        imported: 1,
        refused: [],
      });
    }
  });

  it('refuses a missing file, a file type it cannot read, a bad mapping and viewers', async () => {
    const noFile = new FormData();
    noFile.append('map', '{}');
    const missing = await post('/api/imports/accounts', noFile);
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { issues: { path: string; message: string }[] } }).error.issues).toEqual(
      [{ path: 'body.file', message: 'attach the file to import' }],
    );
    expect((await post('/api/imports/accounts', form('report.pdf', '%PDF'))).status).toBe(400);
    expect((await post('/api/imports/accounts', form('a.csv', 'external_id\nx', { map: 'not json' }))).status).toBe(
      400,
    );
    expect((await post('/api/imports/widgets', form('a.csv', 'x'))).status).toBe(400);
    expect((await post('/api/imports/accounts', form('a.csv', 'external_id\nx'), await t.as('viewer'))).status).toBe(
      403,
    );
    expect((await get('/api/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('reports a file it cannot read as a failed job', async () => {
    const response = await post('/api/imports/accounts', form('broken.xlsx', 'this is not a zip file'));
    const job = await finished(((await response.json()) as { id: string }).id, 'zh-CN');
    expect(job).toMatchObject({ state: 'failed', error: '无法将文件读取为 CSV 或 Excel（.xlsx）工作簿', report: null });
  });
});
