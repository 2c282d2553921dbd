import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { decodeQuotedPrintable, startSmtpServer } from '../../../test/support/smtp.js';
import { cliActor } from '../audit/actor.js';

/** Surveys sent by Tenure (docs/surveys.md): invitations through messaging, throttling, the public answer page. */
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let t: TestApp;
let accountId: string;
let liLei: string;
let hanMei: string;
let templateId: string;
const PUBLIC = 'http://tenure.test';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    SMTP_URL: smtp.url,
    TENURE_MAIL_FROM: 'CS <cs@vendor.example>',
    TENURE_LOCALE: 'zh-CN',
    TENURE_PUBLIC_URL: PUBLIC,
  });
  accountId = (
    await t.services.accounts.create(cliActor, {
      name: 'Acme',
      externalId: 'acme',
      ownerId: t.users.csm.id,
      attributes: { language: 'en' },
    })
  ).id;
  liLei = (await t.services.contacts.create(cliActor, accountId, { name: 'Li Lei', email: 'li.lei@acme.example' })).id;
  hanMei = (await t.services.contacts.create(cliActor, accountId, { name: 'Han Mei', email: 'han.mei@acme.example' }))
    .id;
  templateId = (
    await t.services.messaging.templates.create(cliActor, {
      name: 'Survey invitation',
      channel: 'email',
      messageType: 'marketing',
      trackClicks: false,
      content: {
        en: {
          subject: 'A question for {{account.name}}',
          body: 'Hello {{contact.name}}, [answer here]({{survey.link}})',
        },
        'zh-CN': { subject: '{{account.name}} 的一个问题', body: '{{contact.name}} 您好，[点此回答]({{survey.link}})' },
      },
    })
  ).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(() => smtp.reset());

const manager = async () => (await t.as('cs_manager')).headers;
async function createSurvey(payload: Record<string, unknown>, locale = 'en') {
  return t.app.inject({
    method: 'POST',
    url: '/api/surveys',
    payload: { templateId, ...payload },
    headers: { ...(await manager()), 'accept-language': locale },
  });
}
async function send(surveyId: string, body: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/surveys/${surveyId}/send`,
    payload: body,
    headers: (await t.as('csm')).headers,
  });
}
/** The answer link of each mail received, by recipient. */
const links = () =>
  new Map(
    smtp.mails.map((m) => {
      const raw = decodeQuotedPrintable(m.raw).replace(/\r\n[ \t]+/g, ' ');
      const url = /href="(http:\/\/tenure\.test\/survey\?t=[\w.-]+)"/.exec(raw)?.[1];
      return [m.to[0], url ? new URL(url) : undefined];
    }),
  );
const answer = (url: URL, form: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: url.pathname + url.search,
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('survey definitions', () => {
  it('refuses an unknown template and a custom survey without a question, naming the field', async () => {
    const unknown = await createSurvey({ name: 'X', kind: 'nps', templateId: crypto.randomUUID() });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('templateId');
    expect(unknown.body).toContain('Choose an existing message template');
    const custom = await createSurvey({ name: 'Y', kind: 'custom' }, 'zh-CN');
    expect(custom.statusCode).toBe(400);
    expect(custom.body).toContain('question');
    expect(custom.body).toContain('自定义问卷至少需要一种语言的问题');
    const noName = await createSurvey({ name: ' ', kind: 'csat' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('name');
  });
});

describe('sending and answering', () => {
  let nps: string;
  let csat: string;
  beforeAll(async () => {
    const created = await createSurvey({ name: 'Quarterly NPS', kind: 'nps', throttleDays: 90 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ scale: '0-10', throttleDays: 90, active: true });
    nps = created.json().id;
    csat = (await createSurvey({ name: 'Support CSAT', kind: 'csat', throttleDays: 0 })).json().id;
  });

  it('sends to an account through messaging: an unsubscribed contact is skipped, then both are throttled', async () => {
    await t.services.messaging.consent.setPreferences(cliActor, hanMei, { emailMarketing: false });
    const first = await send(nps, { accountId });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ selected: 2, sent: 1, skipped: { unsubscribed: 1 }, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['li.lei@acme.example']);
    expect(links().get('li.lei@acme.example')).toBeDefined();

    // Li Lei was surveyed: the same survey, or another one with a window, skips them as throttled.
    const again = await send(nps, { accountId });
    expect(again.json()).toEqual({ selected: 2, sent: 0, skipped: { throttled: 1, unsubscribed: 1 }, failed: 0 });
    const other = await createSurvey({ name: 'Another NPS', kind: 'nps', throttleDays: 30 });
    expect((await send(other.json().id, { contactId: liLei })).json()).toMatchObject({
      sent: 0,
      skipped: { throttled: 1 },
    });
    expect(smtp.mails).toHaveLength(1);
    // Both a contact and an account: refused naming the field.
    const both = await send(nps, { accountId, contactId: liLei });
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('accountId');
  });

  it('refuses a tampered or foreign token with a clear page', async () => {
    const { token } = await t.database.db
      .selectFrom('survey_sends')
      .select('token')
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    expect((await t.app.inject({ method: 'GET', url: `/survey?t=${token}` })).statusCode).toBe(200);
    // The signature of another send's id, an unsubscribe token (another purpose) and junk are all refused.
    const [data, mac] = token.split('.');
    const otherId = Buffer.from(JSON.stringify({ k: 'x', p: 'survey', i: crypto.randomUUID() })).toString('base64url');
    const unsubscribe = Buffer.from(JSON.stringify({ k: 'u', s: null, c: liLei })).toString('base64url');
    for (const bad of [`${data}.${mac!.slice(0, -2)}xx`, `${otherId}.${mac}`, `${unsubscribe}.${mac}`, 'x', '']) {
      const page = await t.app.inject({ method: 'GET', url: `/survey?t=${encodeURIComponent(bad)}&lang=en` });
      expect(page.statusCode, bad).toBe(404);
      expect(page.body).toContain('This survey link is not valid.');
    }
  });

  it('takes one answer: the NPS answer feeds the NPS answers and the timeline; a second submit changes nothing', async () => {
    await send(csat, { contactId: liLei });
    const url = links().get('li.lei@acme.example');
    expect(url).toBeDefined();
    // The NPS invitation sent in the first test.
    const npsSend = await t.database.db
      .selectFrom('survey_sends')
      .select('token')
      .where('survey_id', '=', nps)
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    const npsUrl = new URL(`${PUBLIC}/survey?t=${npsSend.token}`);

    const page = await t.app.inject({ method: 'GET', url: npsUrl.pathname + npsUrl.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="viewport"');
    expect(page.body).toContain('How likely are you to recommend us'); // the contact's language: en
    expect(
      (await t.app.inject({ method: 'GET', url: `${npsUrl.pathname}${npsUrl.search}&lang=zh-CN` })).body,
    ).toContain('您有多大可能向朋友或同事推荐我们');

    const missing = await answer(npsUrl, { comment: 'no score' });
    expect(missing.body).toContain('Please choose a score.');
    const out = await answer(npsUrl, { score: '3', comment: 'Too slow', lang: 'en' });
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('Thank you for your answer!');
    const twice = await answer(npsUrl, { score: '10', comment: 'changed my mind', lang: 'en' });
    expect(twice.body).toContain('This survey has already been answered.');

    const answers = await t.services.nps.list(accountId, { page: 1, pageSize: 10 });
    expect(answers.total).toBe(1);
    expect(answers.items[0]).toMatchObject({ score: 3, comment: 'Too slow', contactId: liLei, category: 'detractor' });

    const csatOut = await answer(url!, { score: '5', comment: 'Great help', lang: 'zh-CN' });
    expect(csatOut.body).toContain('感谢您的反馈！');
    const timeline = await t.services.timeline.list(accountId, { page: 1, pageSize: 50 } as never);
    const keys = timeline.items.map((e: { data: unknown }) => (e.data as { key?: string } | null)?.key);
    expect(keys).toContain('timeline.npsAnswered');
    expect(keys).toContain('surveys.timelineAnswered');
  });

  it('reports response rate, score by month and the comments', async () => {
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/surveys/${nps}/report`,
      headers: (await t.as('csm')).headers,
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({ sent: 1, responded: 1, responseRate: 1, score: -100 });
    expect(report.json().trend).toHaveLength(1);
    expect(report.json().verbatims[0]).toMatchObject({ comment: 'Too slow', score: 3, accountName: 'Acme', tags: [] });
  });

  it("sends to a segment's accounts' contacts, selected in one statement, and reports by segment", async () => {
    const segmentId = (
      await t.services.segments.create(cliActor, {
        name: 'Gold',
        rules: { match: 'all', conditions: [{ field: 'attributes.tier', op: 'eq', value: 'gold' }] },
      })
    ).id;
    const gold = await t.services.accounts.create(cliActor, { name: 'Gold Co', attributes: { tier: 'gold' } });
    await t.services.contacts.create(cliActor, gold.id, { name: 'A', email: 'a@gold.example' });
    await t.services.contacts.create(cliActor, gold.id, { name: 'B', email: 'b@gold.example' });
    await t.services.contacts.create(cliActor, gold.id, { name: 'No mail' });
    const survey = (await createSurvey({ name: 'Gold CSAT', kind: 'csat' })).json().id;
    const sent = await send(survey, { segmentId });
    expect(sent.json()).toEqual({ selected: 3, sent: 2, skipped: { no_address: 1 }, failed: 0 });
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['a@gold.example', 'b@gold.example']);
    const link = links().get('a@gold.example')!;
    expect((await answer(link, { score: '4', lang: 'en' })).body).toContain('Thank you');
    const report = await t.services.surveys.report(survey);
    expect(report).toMatchObject({ sent: 2, responded: 1, responseRate: 0.5, score: 100 });
    expect(report.bySegment).toEqual([{ segmentId, name: 'Gold', responses: 1, score: 100 }]);
  });

  it('changes a survey; a name already taken is refused with 409 naming it', async () => {
    const taken = await t.app.inject({
      method: 'PUT',
      url: `/api/surveys/${csat}`,
      payload: { name: 'quarterly nps', kind: 'csat', templateId },
      headers: await manager(),
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('name');
    const paused = await t.app.inject({
      method: 'PUT',
      url: `/api/surveys/${csat}`,
      payload: { name: 'Support CSAT', kind: 'csat', templateId, throttleDays: 0, active: false },
      headers: await manager(),
    });
    expect(paused.json()).toMatchObject({ active: false, sent: 1, responded: 1 });
    const refused = await send(csat, { contactId: liLei });
    expect(refused.statusCode).toBe(400);
    // A CSM may send but not define surveys.
    const csm = await t.app.inject({
      method: 'POST',
      url: '/api/surveys',
      payload: { name: 'Mine', kind: 'nps', templateId },
      headers: (await t.as('csm')).headers,
    });
    expect(csm.statusCode).toBe(403);
  });

  it('shows an expired link as expired', async () => {
    await t.database.db
      .updateTable('survey_sends')
      .set({ expires_at: new Date('2000-01-01') })
      .where('survey_id', '=', csat)
      .execute();
    await t.database.db.updateTable('survey_sends').set({ responded_at: null }).where('survey_id', '=', csat).execute();
    const token = (
      await t.database.db
        .selectFrom('survey_sends')
        .select('token')
        .where('survey_id', '=', csat)
        .executeTakeFirstOrThrow()
    ).token;
    const page = await t.app.inject({ method: 'GET', url: `/survey?t=${token}&lang=en` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This survey link has expired.');
  });
});
