/**
 * Voice of the customer in the demo (docs/voc.md): tags on the notes, calls, tickets and NPS verbatims
 * whose words call for one — a slow-report complaint is "Slow performance", an expansion call "Upsell" —
 * on a realistic share of them (a team does not tag everything), and feature requests linked to the
 * accounts (and contacts) that asked, in those customers' language. Tags go on in one statement per item
 * type (taxonomy.tagMany); the requests through the request service, so shipped ones open their
 * "tell the customer" CTAs.
 */
import type { Actor } from '../modules/audit/actor.js';
import { contactRows } from '../modules/contacts/contacts.read.js';
import { npsResponseRows } from '../modules/surveys/nps.read.js';
import { ticketRows } from '../modules/tickets/tickets.read.js';
import { activityRows } from '../modules/timeline/activities.read.js';
import { createVocService } from '../modules/voc/voc.module.js';
import type { Services } from '../services.js';
import type { FeatureRequestStatus } from '../shared/voc.js';
import { Rng } from '../shared/stats.js';
import type { Lang } from './texts.js';
import type { DemoPlan, UserPlan } from './types.js';
import { demoActor } from './write.js';

type Team = Map<string, { id: string; user: UserPlan }>;

/** Tags the demo adds to the seeded taxonomy (category key, Chinese, English, product area). */
const EXTRA_TAGS = [
  ['problem', '移动端', 'Mobile app', 'Mobile'],
  ['problem', '价格', 'Pricing', null],
] as const;

/** Words in an item → tags (by English name) and the share of such items a team tags. */
const RULES: { match: RegExp; tags: string[]; share: number }[] = [
  { match: /报表需求|reporting request|行业模板|industry templates/i, tags: ['Reporting', 'New feature'], share: 0.8 },
  { match: /响应慢|slow|卡顿|加载很慢|loads slowly/i, tags: ['Slow performance'], share: 0.8 },
  { match: /预算|budget|价格偏高|pricey|性价比|value for money/i, tags: ['Pricing'], share: 0.7 },
  { match: /扩容|升级沟通|Expansion request|Upgrade discussion/i, tags: ['Upsell'], share: 0.8 },
  { match: /数据|Data sync|Numbers do not match|totals differ/i, tags: ['Data issue'], share: 0.6 },
  { match: /SSO|集成|integration|钉钉|Slack|企业微信|API/i, tags: ['Integration'], share: 0.6 },
  {
    match: /失败|fails|没有按时触发|did not trigger|收不到|invite|筛选条件失效|filters ignored/i,
    tags: ['Bug'],
    share: 0.7,
  },
  { match: /移动端|mobile/i, tags: ['Mobile app'], share: 0.8 },
  { match: /如何|How to|权限设置|Permission|改进建议|improvement ideas/i, tags: ['Hard to use'], share: 0.5 },
  {
    match: /节省了大量时间|save us hours|上线很顺利|Smooth rollout|减少了很多重复|removed a lot/i,
    tags: ['Case study'],
    share: 0.6,
  },
  { match: /非常专业|is excellent/i, tags: ['Referral'], share: 0.6 },
  { match: /QBR/, tags: ['Case study'], share: 0.1 },
];

/** Feature requests: title and description in the asking customers' language; product areas as the modules. */
const REQUESTS: { lang: Lang; title: string; description: string; area: string; status: FeatureRequestStatus }[] = [
  {
    lang: 'cn',
    title: '销售报表按区域拆分',
    description: '多家客户希望按大区和城市查看销售报表。',
    area: 'Reporting',
    status: 'planned',
  },
  {
    lang: 'cn',
    title: '企业微信消息推送',
    description: '工作流节点完成时推送到企业微信群。',
    area: 'Data & integrations',
    status: 'shipped',
  },
  {
    lang: 'cn',
    title: '钉钉审批流集成',
    description: '审批在钉钉里完成，结果同步回系统。',
    area: 'Automation',
    status: 'new',
  },
  { lang: 'cn', title: '移动端看板', description: '门店经理希望在手机上查看看板。', area: 'Mobile', status: 'planned' },
  {
    lang: 'cn',
    title: '用友 ERP 双向同步',
    description: '订单和回款数据与用友双向同步。',
    area: 'Data & integrations',
    status: 'new',
  },
  {
    lang: 'cn',
    title: '报表定时邮件发送',
    description: '每周一早上自动把报表发给管理层。',
    area: 'Reporting',
    status: 'shipped',
  },
  { lang: 'cn', title: '字段级权限控制', description: '敏感字段只对部分角色可见。', area: 'Admin', status: 'planned' },
  {
    lang: 'cn',
    title: '行业模板库',
    description: '零售、制造等行业的现成看板模板。',
    area: 'Reporting',
    status: 'new',
  },
  {
    lang: 'cn',
    title: '工作流条件分支',
    description: '根据金额走不同的审批路径。',
    area: 'Automation',
    status: 'shipped',
  },
  {
    lang: 'cn',
    title: '导出 Excel 保留格式',
    description: '导出时保留合并单元格和颜色。',
    area: 'Reporting',
    status: 'declined',
  },
  {
    lang: 'cn',
    title: '历史数据批量导入向导',
    description: '上线时一次导入三年的历史数据。',
    area: 'Data & integrations',
    status: 'new',
  },
  {
    lang: 'en',
    title: 'Two-way Salesforce sync',
    description: 'Keep accounts and opportunities in step both ways.',
    area: 'Data & integrations',
    status: 'planned',
  },
  {
    lang: 'en',
    title: 'Slack alerts for failed workflows',
    description: 'Tell the channel when a workflow run fails.',
    area: 'Automation',
    status: 'shipped',
  },
  {
    lang: 'en',
    title: 'Dashboards on mobile',
    description: 'Store managers want dashboards on their phones.',
    area: 'Mobile',
    status: 'new',
  },
  {
    lang: 'en',
    title: 'Audit log export',
    description: 'Export the audit log for the yearly compliance review.',
    area: 'Admin',
    status: 'declined',
  },
  {
    lang: 'en',
    title: 'Scheduled report e-mails as PDF',
    description: 'Send the weekly report as a PDF attachment.',
    area: 'Reporting',
    status: 'new',
  },
];

interface Item {
  type: 'activity' | 'ticket' | 'nps';
  id: string;
  externalId: string;
  at: Date;
  text: string;
}

export async function loadDemoVoc(services: Services, plan: DemoPlan, team: Team, currency: string) {
  const { db } = services;
  const voc = createVocService(services, currency);
  const categories = await voc.taxonomy.taxonomy();
  for (const [key, nameZh, nameEn, area] of EXTRA_TAGS) {
    const category = categories.find((c) => c.key === key);
    if (category && !category.tags.some((t) => t.nameEn === nameEn))
      await voc.taxonomy.createTag(demoActor, {
        categoryId: category.id,
        nameZh,
        nameEn,
        productArea: area ?? undefined,
      });
  }
  const tagId = new Map((await voc.taxonomy.taxonomy()).flatMap((c) => c.tags.map((t) => [t.nameEn, t.id] as const)));

  // Items in a stable order (account, time, text), so the same seed tags the same items.
  const demo = db.selectFrom('accounts').select(['id', 'external_id']).where('external_id', 'like', 'demo-%').as('d');
  const [activities, tickets, answers] = await Promise.all([
    db
      .selectFrom(activityRows(db).as('x'))
      .innerJoin(demo, 'd.id', 'x.account_id')
      .select(['x.id', 'd.external_id', 'x.occurred_at as at', 'x.subject', 'x.body'])
      .where('x.type', '<>', 'system')
      .execute(),
    db
      .selectFrom(ticketRows(db).as('x'))
      .innerJoin(demo, 'd.id', 'x.account_id')
      .select(['x.id', 'd.external_id', 'x.opened_at as at', 'x.subject'])
      .execute(),
    db
      .selectFrom(npsResponseRows(db).as('x'))
      .innerJoin(demo, 'd.id', 'x.account_id')
      .select(['x.id', 'd.external_id', 'x.responded_at as at', 'x.comment'])
      .where('x.comment', 'is not', null)
      .execute(),
  ]);
  const items: Item[] = [
    ...activities.map((a) => ({
      type: 'activity' as const,
      id: a.id,
      externalId: a.external_id!,
      at: new Date(a.at),
      text: `${a.subject ?? ''} ${a.body ?? ''}`,
    })),
    ...tickets.map((t) => ({
      type: 'ticket' as const,
      id: t.id,
      externalId: t.external_id!,
      at: new Date(t.at),
      text: t.subject ?? '',
    })),
    ...answers.map((n) => ({
      type: 'nps' as const,
      id: n.id,
      externalId: n.external_id!,
      at: new Date(n.at),
      text: n.comment ?? '',
    })),
  ].sort(
    (a, b) =>
      a.type.localeCompare(b.type) ||
      a.externalId.localeCompare(b.externalId) ||
      a.at.getTime() - b.at.getTime() ||
      a.text.localeCompare(b.text),
  );
  const rng = Rng.stream(plan.seed, 'voc', 'tags');
  const links: { itemType: Item['type']; itemId: string; tagId: string }[] = [];
  for (const item of items) {
    const tags = new Set<string>();
    for (const rule of RULES)
      if (rule.match.test(item.text) && rng.chance(rule.share)) for (const t of rule.tags) tags.add(t);
    for (const t of tags) {
      const id = tagId.get(t);
      if (id) links.push({ itemType: item.type, itemId: item.id, tagId: id });
    }
  }
  const tagged = await voc.taxonomy.tagMany(demoActor, links);

  const requests = await loadRequests(services, voc, plan, team);
  return { tagLinks: tagged, requests };
}

/**
 * Each request asked by 3–8 paying customers of its language (bigger ones more often), with their main
 * contact; created by the first one's CSM. Shipped requests go to "shipped" after their accounts are linked,
 * so each gets its one "tell the customer" CTA.
 */
async function loadRequests(services: Services, voc: ReturnType<typeof createVocService>, plan: DemoPlan, team: Team) {
  const accounts = await services.db
    .selectFrom('accounts')
    .select(['id', 'external_id'])
    .where('external_id', 'like', 'demo-%')
    .execute();
  const idOf = new Map(accounts.map((a) => [a.external_id, a.id]));
  // Contacts' external ids are per account (c1, c2 …).
  const contacts = await services.db
    .selectFrom(contactRows(services.db).as('c'))
    .select(['c.id', 'c.account_id', 'c.external_id'])
    .where(
      'c.account_id',
      'in',
      accounts.map((a) => a.id),
    )
    .execute();
  const contactOf = new Map(contacts.map((c) => [`${c.account_id}|${c.external_id}`, c.id]));
  const customers = plan.accounts.filter((a) => a.firstPaidOn && !a.churnedOn && idOf.has(a.externalId));
  const rng = Rng.stream(plan.seed, 'voc', 'requests');
  let links = 0;
  for (const r of REQUESTS) {
    const pool = customers.filter((a) => a.lang === r.lang);
    const chosen = new Set<(typeof pool)[number]>();
    const want = Math.min(pool.length, rng.int(3, 8));
    while (chosen.size < want)
      chosen.add(
        rng.weighted(pool.map((a) => [a, a.tier === 'high_touch' ? 4 : a.tier === 'low_touch' ? 2 : 1] as const)),
      );
    const asking = [...chosen];
    const first = asking[0]!;
    const csm = team.get(first.owner)!;
    const actor: Actor = { type: 'user', id: csm.id, name: csm.user.name, role: csm.user.role };
    const locale = r.lang === 'cn' ? 'zh-CN' : 'en';
    const contactFor = (a: (typeof asking)[number]) => {
      const c = a.contacts.find((x) => x.role === 'champion') ?? a.contacts.find((x) => x.isPrimary);
      return c ? contactOf.get(`${idOf.get(a.externalId)}|${c.externalId}`) : undefined;
    };
    const created = await voc.requests.create(
      actor,
      {
        title: r.title,
        description: r.description,
        productArea: r.area,
        status: r.status === 'shipped' ? 'planned' : r.status,
        accountId: idOf.get(first.externalId),
        contactId: contactFor(first),
      },
      locale,
    );
    for (const a of asking.slice(1))
      await voc.requests.addAccount(
        actor,
        created.id,
        { accountId: idOf.get(a.externalId)!, contactId: contactFor(a) },
        locale,
      );
    if (r.status === 'shipped') await voc.requests.update(actor, created.id, { status: 'shipped' }, locale);
    links += asking.length;
  }
  return { count: REQUESTS.length, links };
}
