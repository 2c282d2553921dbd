import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { writeXlsx } from '../../../test/support/xlsx.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

let database: Database;
let s: Services;
let csmId: string;
beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2024-06-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14 },
  });
  csmId = (await s.users.create(cliActor, { email: 'Mei.Chen@tenure.test', name: 'Mei Chen', role: 'csm' })).id;
});
afterAll(() => database.close());

const account = (externalId: string) =>
  database.db.selectFrom('accounts').selectAll().where('external_id', '=', externalId).executeTakeFirst();
const snapshot = async () => ({
  accounts: await database.db.selectFrom('accounts').selectAll().orderBy('external_id').execute(),
  audit: Number(
    (
      await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

const header = [
  'external_id',
  'name',
  'domain',
  'industry',
  'employees',
  'region',
  'tier',
  'lifecycle_stage',
  'owner_email',
  'first_paid_on',
  'parent_external_id',
  'Seats',
  'Plan Tier',
];

describe('accounts import', () => {
  const rows = [
    {
      external_id: 'A1',
      name: 'Acme Ltd',
      domain: 'acme.example',
      industry: 'Retail',
      employees: '1,250',
      region: 'East',
      tier: 'high touch',
      lifecycle_stage: 'adoption',
      owner_email: 'mei.chen@tenure.test',
      first_paid_on: '2023-06-01',
      Seats: '12',
      'Plan Tier': 'Gold',
    },
    { external_id: 'A2', parent_external_id: 'A1', Seats: '3.5', 'Plan Tier': '007' },
    {
      external_id: 'A3',
      employees: '-5',
      tier: 'vip',
      first_paid_on: '2023-13-01',
      owner_email: 'nobody@tenure.test',
      Seats: '',
    },
    { external_id: '', name: 'No id' },
    { external_id: 'A5', parent_external_id: 'ZZZ' },
  ];

  it('stores good rows, types custom attributes and refuses bad rows with line, column and reason', async () => {
    const report = await s.imports.importFile(cliActor, 'accounts', writeCsv(rows, header), { locale: 'en' });
    expect(report).toMatchObject({
      rows: 5,
      imported: 2,
      refusedRows: 3,
      createdAccounts: ['A1', 'A2'],
      attributeTypes: { Seats: 'numeric', 'Plan Tier': 'categorical' },
    });
    expect(report.refused.map((r) => [r.line, r.column, r.reason])).toEqual([
      [4, 'employees', 'imports.negative'],
      [4, 'tier', 'imports.badEnum'],
      [4, 'owner_email', 'imports.unknownUser'],
      [4, 'first_paid_on', 'imports.badDate'],
      [5, 'external_id', 'imports.required'],
      [6, 'parent_external_id', 'imports.unknownParent'],
    ]);
    expect(report.refused.map((r) => r.message)).toEqual([
      '"-5" is negative; amounts must be ≥ 0',
      '"vip" is not one of high_touch, low_touch, tech_touch',
      'no team member has the email "nobody@tenure.test"',
      '"2023-13-01" is not a date in YYYY-MM-DD form',
      'external_id is required',
      'no account has the external id "ZZZ" (a parent must be imported before, or in the same file above)',
    ]);

    const a1 = await account('A1');
    expect(a1).toMatchObject({
      name: 'Acme Ltd',
      domain: 'acme.example',
      employees: 1250,
      tier: 'high_touch',
      lifecycle_stage: 'adoption',
      owner_id: csmId,
      first_paid_on: '2023-06-01',
    });
    expect(a1!.attributes).toEqual({ Seats: 12, 'Plan Tier': 'Gold' });
    const a2 = await account('A2');
    expect(a2).toMatchObject({ name: 'A2', parent_id: a1!.id });
    // "007" is a code, so the whole column is categorical; 3.5 a number.
    expect(a2!.attributes).toEqual({ Seats: 3.5, 'Plan Tier': '007' });
    expect(await account('A3')).toBeUndefined();
  });

  it('phrases the same refusals in Chinese', async () => {
    const report = await s.imports.importFile(cliActor, 'accounts', writeCsv(rows, header), { locale: 'zh-CN' });
    expect(report.refused.map((r) => r.message)).toEqual([
      '“-5”为负数；金额必须 ≥ 0',
      '“vip”不在 high_touch, low_touch, tech_touch 之中',
      '没有邮箱为“nobody@tenure.test”的团队成员',
      '“2023-13-01”不是 YYYY-MM-DD 格式的日期',
      'external_id 为必填项',
      '没有外部编号为“ZZZ”的客户（上级客户须已导入，或在同一文件中排在前面）',
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = writeCsv(rows, header);
    await s.imports.importFile(cliActor, 'accounts', file, { locale: 'en' });
    const before = await snapshot();
    const again = await s.imports.importFile(cliActor, 'accounts', file, { locale: 'en' });
    expect(again).toMatchObject({ imported: 2, createdAccounts: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('updates only the cells given: blanks keep the stored value, attributes merge', async () => {
    const report = await s.imports.importFile(
      cliActor,
      'accounts',
      writeCsv(
        [{ external_id: 'A1', industry: 'Wholesale', region: '', Health: 'green' }],
        ['external_id', 'industry', 'region', 'Health'],
      ),
      { locale: 'en' },
    );
    expect(report).toMatchObject({ imported: 1, createdAccountCount: 0 });
    expect(await account('A1')).toMatchObject({
      name: 'Acme Ltd',
      industry: 'Wholesale',
      region: 'East',
      attributes: { Seats: 12, 'Plan Tier': 'Gold', Health: 'green' },
    });
  });

  it('accepts Chinese headers and an explicit mapping, and refuses an unknown mapping target', async () => {
    const file = writeCsv(
      [
        {
          客户编号: 'CN-1',
          客户名称: '上海云杉科技',
          行业: '制造业',
          员工数: '320',
          负责人邮箱: 'mei.chen@tenure.test',
          阶段: '上线',
          是否流失: '否',
          编号: 'x',
        },
      ],
      ['客户编号', '客户名称', '行业', '员工数', '负责人邮箱', '阶段', '是否流失', '编号'],
    );
    const report = await s.imports.importFile(cliActor, 'accounts', file, { locale: 'zh-CN', map: { 编号: 'ignore' } });
    expect(report).toMatchObject({ imported: 1, ignoredColumns: ['编号'], refused: [] });
    expect(await account('CN-1')).toMatchObject({
      name: '上海云杉科技',
      industry: '制造业',
      employees: 320,
      owner_id: csmId,
      lifecycle_stage: 'onboarding',
      attributes: { churn_outcome: false },
    });

    const bad = await s.imports.importFile(cliActor, 'accounts', file, { locale: 'en', map: { 编号: 'colour' } });
    expect(bad.refused).toEqual([
      expect.objectContaining({ line: 1, column: '编号', message: '"colour" is not a column of this import' }),
    ]);
    expect(bad.imported).toBe(0);
  });

  it('reads Excel files, date cells and numbers included', async () => {
    const file = await writeXlsx([
      ['External ID', 'Name', 'First Paid On', 'Employees', 'ARR'],
      ['XL-1', 'Excel Co', new Date(Date.UTC(2022, 1, 28)), 40, 120000.5],
      ['XL-2', 'Bad Date Co', 'soon', 10, 5],
    ]);
    const report = await s.imports.importFile(cliActor, 'accounts', file, { locale: 'en' });
    expect(report).toMatchObject({ rows: 2, imported: 1, attributeTypes: { ARR: 'numeric' } });
    expect(report.refused).toEqual([
      expect.objectContaining({ line: 3, column: 'first_paid_on', reason: 'imports.badDate' }),
    ]);
    expect(await account('XL-1')).toMatchObject({
      name: 'Excel Co',
      first_paid_on: '2022-02-28',
      employees: 40,
      attributes: { ARR: 120000.5 },
    });
  });

  it('refuses a parent link that would make a cycle', async () => {
    await s.imports.importFile(
      cliActor,
      'accounts',
      writeCsv(
        [{ external_id: 'P1' }, { external_id: 'P2', parent_external_id: 'P1' }],
        ['external_id', 'parent_external_id'],
      ),
      { locale: 'en' },
    );
    const report = await s.imports.importFile(
      cliActor,
      'accounts',
      writeCsv([
        { external_id: 'P1', parent_external_id: 'P2' },
        { external_id: 'P3', parent_external_id: 'P3' },
      ]),
      { locale: 'en' },
    );
    expect(report.refused.map((r) => [r.line, r.column, r.reason])).toEqual([
      [2, 'parent_external_id', 'imports.parentCycle'],
      [3, 'parent_external_id', 'imports.parentCycle'],
    ]);
    expect((await account('P1'))!.parent_id).toBeNull();
  });
});
