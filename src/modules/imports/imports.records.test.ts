import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../test/support/csv.js';
import { testDatabase } from '../../../test/support/db.js';
import { writeXlsx } from '../../../test/support/xlsx.js';
import { createClock } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import type { DB } from '../../db/types.js';
import { createServices, type Services } from '../../services.js';
import { cliActor } from '../audit/actor.js';

/** Contacts, usage, tickets and NPS: rows name an existing account; unknown ones are refused. */
let database: Database;
let s: Services;
let acme: string;
let globex: string;
beforeAll(async () => {
  database = await testDatabase();
  s = createServices({
    db: database.db,
    clock: createClock('2024-06-01T00:00:00Z'),
    config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'Asia/Shanghai' },
  });
  acme = (await s.accounts.create(cliActor, { name: 'Acme', externalId: 'ACME' })).id;
  globex = (await s.accounts.create(cliActor, { name: 'Globex', externalId: 'GLOBEX' })).id;
});
afterAll(() => database.close());

const table = <T extends keyof DB>(name: T) => database.db.selectFrom(name).selectAll().execute();
const where = (report: { refused: { line: number; column: string | null; reason: string }[] }) =>
  report.refused.map((r) => [r.line, r.column, r.reason]);

describe('contacts import', () => {
  const header = ['account_external_id', 'external_id', 'name', 'email', 'phone', 'title', 'role', 'is_primary'];
  const rows = [
    {
      account_external_id: 'ACME',
      external_id: 'c-1',
      name: 'Li Lei',
      email: 'li.lei@acme.example',
      role: 'champion',
      is_primary: 'yes',
    },
    {
      account_external_id: 'ACME',
      name: 'Han Meimei',
      email: 'han@acme.example',
      role: 'Decision Maker',
      title: 'CFO',
    },
    { account_external_id: 'ACME', external_id: 'c-3', name: 'Bad', email: 'not-an-email', role: 'boss' },
    { account_external_id: 'NOPE', external_id: 'c-4', name: 'Nobody' },
    { account_external_id: 'GLOBEX', name: 'No key' },
  ];

  it('stores good rows and refuses bad ones; a re-import changes nothing', async () => {
    const file = writeCsv(rows, header);
    const report = await s.imports.importFile(cliActor, 'contacts', file, { locale: 'en' });
    expect(report).toMatchObject({ rows: 5, imported: 2, refusedRows: 3 });
    expect(where(report)).toEqual([
      [4, 'email', 'imports.badEmail'],
      [4, 'role', 'imports.badEnum'],
      [5, 'account_external_id', 'imports.unknownAccount'],
      [6, 'external_id', 'imports.contactKey'],
    ]);
    expect(report.refused[2].message).toBe('no account has the external id "NOPE"; import the accounts first');
    const contacts = await s.contacts.list(acme);
    expect(contacts).toEqual([
      expect.objectContaining({ externalId: 'c-1', name: 'Li Lei', role: 'champion', isPrimary: true }),
      expect.objectContaining({
        externalId: null,
        name: 'Han Meimei',
        role: 'decision_maker',
        title: 'CFO',
        isPrimary: false,
      }),
    ]);

    const before = await table('contacts');
    await s.imports.importFile(cliActor, 'contacts', file, { locale: 'en' });
    expect(await table('contacts')).toEqual(before);
  });

  it('finds a contact entered by hand by its email, and keeps one primary per account', async () => {
    await s.contacts.create(cliActor, globex, { name: 'Wang Fang', email: 'wang@globex.example', isPrimary: true });
    const file = writeCsv(
      [
        { 客户编号: 'GLOBEX', 联系人编号: 'g-1', 姓名: 'Wang Fang', 邮箱: 'WANG@globex.example', 角色: '决策者' },
        { 客户编号: 'GLOBEX', 联系人编号: 'g-2', 姓名: 'Zhao Lei', 邮箱: 'zhao@globex.example', 主要联系人: '是' },
      ],
      ['客户编号', '联系人编号', '姓名', '邮箱', '角色', '主要联系人'],
    );
    const report = await s.imports.importFile(cliActor, 'contacts', file, { locale: 'zh-CN' });
    expect(report).toMatchObject({ imported: 2, refused: [] });
    const contacts = await s.contacts.list(globex);
    expect(contacts).toHaveLength(2);
    expect(contacts).toEqual([
      expect.objectContaining({ externalId: 'g-2', name: 'Zhao Lei', isPrimary: true }),
      expect.objectContaining({ externalId: 'g-1', name: 'Wang Fang', role: 'decision_maker', isPrimary: false }),
    ]);
  });
});

describe('usage import', () => {
  it('stores daily rows, refuses bad ones in both languages, and replaces on re-import', async () => {
    const file = writeCsv([
      { account_external_id: 'ACME', date: '2024-05-01', event: 'report_exported', count: '12', users: '3' },
      { account_external_id: 'ACME', date: '2024-05-02', event: 'report_exported', count: '4', users: '' },
      { account_external_id: 'GHOST', date: '2024-05-01', event: 'login', count: '1', users: '1' },
      { account_external_id: 'ACME', date: '05/03/2024', event: 'login', count: '-2', users: '1' },
    ]);
    const report = await s.imports.importFile(cliActor, 'usage', file, { locale: 'zh-CN' });
    expect(report).toMatchObject({ rows: 4, imported: 2, refusedRows: 2 });
    expect(where(report)).toEqual([
      [4, 'account_external_id', 'imports.unknownAccount'],
      [5, 'date', 'imports.badDate'],
      [5, 'count', 'imports.negative'],
    ]);
    expect(report.refused.map((r) => r.message)).toEqual([
      '没有外部编号为“GHOST”的客户；请先导入客户',
      '“05/03/2024”不是 YYYY-MM-DD 格式的日期',
      '“-2”为负数；金额必须 ≥ 0',
    ]);
    const before = await database.db.selectFrom('usage_daily').selectAll().orderBy('day').execute();
    expect(before).toEqual([
      { account_id: acme, day: '2024-05-01', event: 'report_exported', count: 12, users: 3 },
      { account_id: acme, day: '2024-05-02', event: 'report_exported', count: 4, users: 0 },
    ]);
    await s.imports.importFile(cliActor, 'usage', file, { locale: 'en' });
    expect(await database.db.selectFrom('usage_daily').selectAll().orderBy('day').execute()).toEqual(before);
  });

  it('reads Chinese headers from an Excel file', async () => {
    const file = await writeXlsx([
      ['客户编号', '日期', '事件', '次数', '用户数'],
      ['GLOBEX', new Date(Date.UTC(2024, 4, 6)), '登录', 7, 2],
    ]);
    const report = await s.imports.importFile(cliActor, 'usage', file, { locale: 'en' });
    expect(report).toMatchObject({ imported: 1, refused: [] });
    expect(await database.db.selectFrom('usage_daily').selectAll().where('account_id', '=', globex).execute()).toEqual([
      { account_id: globex, day: '2024-05-06', event: '登录', count: 7, users: 2 },
    ]);
  });
});

describe('tickets import', () => {
  it('reads times in the organisation time zone, maps Chinese statuses, refuses bad rows, and upserts by external id', async () => {
    const header = ['external_id', 'account_external_id', 'subject', 'priority', 'status', 'opened_at', 'closed_at'];
    const file = writeCsv(
      [
        {
          external_id: 'T-1',
          account_external_id: 'ACME',
          subject: 'Export fails',
          priority: '紧急',
          status: '已解决',
          opened_at: '2024-03-01 09:30',
          closed_at: '2024-03-02T10:00:00Z',
        },
        { external_id: 'T-2', account_external_id: 'ACME', subject: 'Question', opened_at: '2024-03-05' },
        {
          external_id: 'T-3',
          account_external_id: 'ACME',
          subject: 'Bad',
          priority: 'p1',
          opened_at: '2024-03-05 25:00',
        },
        {
          external_id: 'T-4',
          account_external_id: 'ACME',
          subject: 'Backwards',
          opened_at: '2024-03-05',
          closed_at: '2024-03-04',
        },
        { external_id: '', account_external_id: 'NOPE', subject: '', opened_at: '' },
      ],
      header,
    );
    const report = await s.imports.importFile(cliActor, 'tickets', file, { locale: 'en' });
    expect(report).toMatchObject({ rows: 5, imported: 2 });
    expect(where(report)).toEqual([
      [4, 'priority', 'imports.badEnum'],
      [4, 'opened_at', 'imports.badTimestamp'],
      [5, 'closed_at', 'imports.closedBeforeOpened'],
      [6, 'external_id', 'imports.required'],
      [6, 'subject', 'imports.required'],
      [6, 'opened_at', 'imports.required'],
    ]);
    const tickets = await database.db.selectFrom('tickets').selectAll().orderBy('external_id').execute();
    expect(
      tickets.map((t) => [
        t.external_id,
        t.priority,
        t.status,
        t.opened_at.toISOString(),
        t.closed_at && new Date(t.closed_at).toISOString(),
      ]),
    ).toEqual([
      ['T-1', 'urgent', 'solved', '2024-03-01T01:30:00.000Z', '2024-03-02T10:00:00.000Z'],
      ['T-2', 'normal', 'open', '2024-03-04T16:00:00.000Z', null],
    ]);
    await s.imports.importFile(cliActor, 'tickets', file, { locale: 'en' });
    expect(await database.db.selectFrom('tickets').selectAll().orderBy('external_id').execute()).toEqual(tickets);
  });

  it('stores the type and the CSAT of a ticket, refuses a rating outside 1–5, and a file without them keeps the stored ones', async () => {
    const header = ['external_id', 'account_external_id', 'subject', 'opened_at', 'type', 'csat'];
    const file = writeCsv(
      [
        {
          external_id: 'TC-1',
          account_external_id: 'GLOBEX',
          subject: 'Crash',
          opened_at: '2024-04-01',
          type: '缺陷',
          csat: '4',
        },
        {
          external_id: 'TC-2',
          account_external_id: 'GLOBEX',
          subject: 'How to',
          opened_at: '2024-04-02',
          type: 'Question',
        },
        { external_id: 'TC-3', account_external_id: 'GLOBEX', subject: 'Rated 6', opened_at: '2024-04-03', csat: '6' },
        {
          external_id: 'TC-4',
          account_external_id: 'GLOBEX',
          subject: 'Odd type',
          opened_at: '2024-04-03',
          type: 'rant',
        },
      ],
      header,
    );
    const report = await s.imports.importFile(cliActor, 'tickets', file, { locale: 'en' });
    expect(report).toMatchObject({ rows: 4, imported: 2 });
    expect(where(report)).toEqual([
      [4, 'csat', 'imports.badInteger'],
      [5, 'type', 'imports.badEnum'],
    ]);
    const stored = () =>
      database.db
        .selectFrom('tickets')
        .select(['external_id', 'type', 'csat'])
        .where('external_id', 'like', 'TC-%')
        .orderBy('external_id')
        .execute();
    expect(await stored()).toEqual([
      { external_id: 'TC-1', type: 'bug', csat: 4 },
      { external_id: 'TC-2', type: 'question', csat: null },
    ]);
    // The support tool's next export has no rating columns: the ratings stay.
    const later = writeCsv(
      [
        {
          external_id: 'TC-1',
          account_external_id: 'GLOBEX',
          subject: 'Crash',
          status: 'solved',
          opened_at: '2024-04-01',
        },
      ],
      ['external_id', 'account_external_id', 'subject', 'status', 'opened_at'],
    );
    await s.imports.importFile(cliActor, 'tickets', later, { locale: 'en' });
    expect((await stored())[0]).toEqual({ external_id: 'TC-1', type: 'bug', csat: 4 });
  });
});

describe('NPS import', () => {
  it('links answers to contacts by email, refuses scores outside 0–10, and keeps stored answers', async () => {
    const file = writeCsv(
      [
        {
          答卷编号: 'R-1',
          客户编号: 'ACME',
          联系人邮箱: 'LI.LEI@acme.example',
          评分: '9',
          评论: '很好用',
          回复时间: '2024-04-01',
        },
        {
          答卷编号: 'R-2',
          客户编号: 'ACME',
          联系人邮箱: 'stranger@acme.example',
          评分: '6',
          评论: '',
          回复时间: '2024-04-02 12:00',
        },
        { 答卷编号: 'R-3', 客户编号: 'ACME', 联系人邮箱: '', 评分: '11', 评论: '', 回复时间: '2024-04-02' },
        { 答卷编号: 'R-4', 客户编号: 'ACME', 联系人邮箱: '', 评分: '8.5', 评论: '', 回复时间: '2024/04/02' },
      ],
      ['答卷编号', '客户编号', '联系人邮箱', '评分', '评论', '回复时间'],
    );
    const report = await s.imports.importFile(cliActor, 'nps', file, { locale: 'zh-CN' });
    expect(report).toMatchObject({ rows: 4, imported: 2 });
    expect(where(report)).toEqual([
      [4, 'score', 'imports.badScore'],
      [5, 'score', 'imports.badScore'],
      [5, 'responded_at', 'imports.badTimestamp'],
    ]);
    expect(report.refused[0].message).toBe('“11”不是 0 到 10 的评分');
    const liLei = (await s.contacts.list(acme)).find((c) => c.externalId === 'c-1')!;
    const answers = await database.db.selectFrom('nps_responses').selectAll().orderBy('external_id').execute();
    expect(answers.map((a) => [a.external_id, a.score, a.contact_id, a.comment])).toEqual([
      ['R-1', 9, liLei.id, '很好用'],
      ['R-2', 6, null, null],
    ]);
    await s.imports.importFile(cliActor, 'nps', file, { locale: 'en' });
    expect(await database.db.selectFrom('nps_responses').selectAll().orderBy('external_id').execute()).toEqual(answers);
  });
});

describe('Chinese headers for tickets and subscriptions', () => {
  it('maps them and phrases refusals in Chinese', async () => {
    const tickets = writeCsv(
      [
        {
          工单编号: 'CN-T1',
          客户编号: 'GLOBEX',
          标题: '无法导出报表',
          优先级: '高',
          状态: '处理中',
          创建时间: '2024-04-01 08:00',
        },
        { 工单编号: 'CN-T2', 客户编号: 'GLOBEX', 标题: '登录问题', 优先级: '最高', 状态: '', 创建时间: '2024/04/01' },
      ],
      ['工单编号', '客户编号', '标题', '优先级', '状态', '创建时间'],
    );
    const report = await s.imports.importFile(cliActor, 'tickets', tickets, { locale: 'zh-CN' });
    expect(report).toMatchObject({ rows: 2, imported: 1 });
    expect(report.refused.map((r) => [r.line, r.column, r.message])).toEqual([
      [3, 'priority', '“最高”不在 low, normal, high, urgent 之中'],
      [3, 'opened_at', '“2024/04/01”不是日期（YYYY-MM-DD）或日期时间（YYYY-MM-DD HH:MM）'],
    ]);
    expect(
      await database.db
        .selectFrom('tickets')
        .select(['priority', 'status'])
        .where('external_id', '=', 'CN-T1')
        .executeTakeFirst(),
    ).toEqual({ priority: 'high', status: 'pending' });

    const subscriptions = writeCsv(
      [
        {
          客户编号: 'GLOBEX',
          订阅编号: 'CN-S1',
          套餐: '专业版',
          金额: '12,000.00',
          币种: 'CNY',
          计费周期: '年付',
          开始日期: '2024-01-01',
        },
        {
          客户编号: 'GLOBEX',
          订阅编号: 'CN-S2',
          套餐: '专业版',
          金额: '-5',
          币种: 'CNY',
          计费周期: '周付',
          开始日期: '2024-01-01',
        },
      ],
      ['客户编号', '订阅编号', '套餐', '金额', '币种', '计费周期', '开始日期'],
    );
    const subs = await s.imports.importFile(cliActor, 'subscriptions', subscriptions, { locale: 'zh-CN' });
    expect(subs).toMatchObject({ rows: 2, imported: 1, createdAccounts: [] });
    expect(subs.refused.map((r) => [r.line, r.column, r.message])).toEqual([
      [3, 'amount', '“-5”为负数；金额必须 ≥ 0'],
      [3, 'interval', '“周付”不在 month, quarter, year 之中'],
    ]);
    expect((await s.subscriptions.listForAccount(globex))[0]).toMatchObject({
      plan: '专业版',
      amountMinor: 1_200_000,
      interval: 'year',
      startsOn: '2024-01-01',
    });
  });
});
