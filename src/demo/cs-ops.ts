import type { Services } from '../services.js';
import { DEFAULT_HANDOFF_SETTINGS } from '../shared/handoff.js';
import { type Lang, langOfName } from './texts.js';
import { demoActor } from './write.js';

/**
 * Checklist answers sales typically has at close, in the prospect's language (one language per
 * field, as a person writes them); the later fields stay empty on some accounts.
 */
const ANSWERS: Record<Lang, Record<string, string>> = {
  cn: {
    company_profile: '零售连锁，约 800 名员工，总部上海，门店 120 家',
    key_contacts: '运营副总裁（决策人）、IT 经理（实施负责人）',
    products_bought: '专业版 50 席 + 数据集成模块',
    contract_terms: '一年期，按年付款，承诺 6 周上线',
    technical_requirements: '单点登录（企业微信），数据驻留中国大陆',
    integrations: 'ERP（用友）、CRM（纷享销客）',
    expected_outcomes: '续约率提升 10 个百分点',
    success_criteria: '90 天内 80% 的门店经理每周登录',
    budget: '年度预算 20 万元',
    authority: '运营副总裁签字',
    need: '用表格管理续约，经常漏掉',
    timeline: '下季度初上线',
  },
  en: {
    company_profile: 'Retail chain, ~800 staff, HQ in Singapore, 120 stores',
    key_contacts: 'VP Operations (decides), IT manager (runs the rollout)',
    products_bought: 'Professional, 50 seats + data integration',
    contract_terms: 'One year, paid annually, go-live promised in 6 weeks',
    technical_requirements: 'SSO via Okta, data stays in the region',
    integrations: 'ERP (NetSuite), CRM (HubSpot)',
    expected_outcomes: 'Renewal rate up 10 points',
    success_criteria: '80 % of store managers log in weekly within 90 days',
    budget: '200k USD a year',
    authority: 'VP Operations signs',
    need: 'Renewals tracked in spreadsheets, often missed',
    timeline: 'Live at the start of next quarter',
  },
};

export interface CsOpsCounts {
  handoffs: number;
  stagesChanged: number;
  welcomes: number;
}

/**
 * The CS operating system in the demo: a few prospects in handoff with partly filled checklists
 * (one handed over), lifecycle stages computed for everyone, and welcome messages recorded for
 * the newest customers (sent only when SMTP is configured; otherwise recorded as skipped). The
 * welcome and the handover notify the owning CSMs, so the bell has something to show.
 */
export async function loadCsOps(services: Services): Promise<CsOpsCounts> {
  const prospects = await services.db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where('external_id', 'like', 'demo-%')
    .where('first_paid_on', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('external_id')
    .limit(4)
    .execute();
  const keys = DEFAULT_HANDOFF_SETTINGS.fields.map((f) => f.key);
  for (const [i, { id, name }] of prospects.entries()) {
    const answers = ANSWERS[langOfName(name)];
    // 12, 9, 6 and 3 of the 12 fields filled; the first one is complete and handed over.
    const filled = keys.slice(0, keys.length - i * 3);
    await services.handoff.save(demoActor, id, {
      answers: Object.fromEntries(filled.map((k) => [k, answers[k] ?? ''])),
      dealSizeMinor: [2_800_000, 1_200_000, 9_600_000, 800_000][i] ?? null,
      salesCycleDays: [75, 28, 120, 21][i] ?? null,
      implementationDays: i === 3 ? null : [42, 14, 60][i]!,
    });
    if (i === 0) await services.handoff.handOver(demoActor, id);
  }

  const { changed } = await services.lifecycle.run(demoActor);

  const newest = await services.db
    .selectFrom('accounts')
    .select('id')
    .where('external_id', 'like', 'demo-%')
    .where('first_paid_on', 'is not', null)
    .where('churned_on', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('first_paid_on', 'desc')
    .orderBy('id')
    .limit(6)
    .execute();
  for (const { id } of newest) await services.welcome.send(demoActor, id);
  return { handoffs: prospects.length, stagesChanged: changed.length, welcomes: newest.length };
}
