/**
 * Success plans in the demo (docs/success-plans.md): a value proposition catalogue, one template per
 * segment, needs mapped at handoff, and for most high-touch and half the low-touch customers 2–4
 * objectives with a measurable target, an owner (the CSM), a due date, a status and tasks. Targets are
 * set against the account's own usage and NPS in the plan, so "achieved" objectives read at or above
 * target and "at risk" ones well below. Written in a few bulk statements (successPlans.bulkCreate).
 */
import type { Services } from '../services.js';
import type { ObjectiveStatus, Target, TaskInput, ValuePointInput } from '../shared/successplans.js';
import { Rng } from '../shared/stats.js';
import { addDays } from './dates.js';
import type { Lang } from './texts.js';
import type { AccountPlan, DemoPlan, UserPlan } from './types.js';
import { demoActor } from './write.js';

type Team = Map<string, { id: string; user: UserPlan }>;
type Kind = 'reporting' | 'automation' | 'data' | 'adoption' | 'satisfaction';

/** The catalogue: the organisation's own configuration, named in both languages as the module asks. */
const VALUE_POINTS: Record<Kind, ValuePointInput> = {
  reporting: {
    nameEn: 'Automated reporting',
    nameZh: '报表自动化',
    descriptionEn: 'Management and month-end reports come from live data instead of spreadsheets.',
    descriptionZh: '管理报表和月结报表直接来自实时数据，不再手工整理表格。',
    modules: ['reporting'],
    services: ['Report design workshop'],
    active: true,
  },
  automation: {
    nameEn: 'Workflow automation',
    nameZh: '流程自动化',
    descriptionEn: 'Approvals and hand-offs run by themselves, with fewer manual steps.',
    descriptionZh: '审批和交接自动流转，减少人工环节。',
    modules: ['automation'],
    services: ['Workflow workshop'],
    active: true,
  },
  data: {
    nameEn: 'Connected data',
    nameZh: '数据打通',
    descriptionEn: 'ERP, CRM and the product share one set of numbers.',
    descriptionZh: 'ERP、CRM 与系统使用同一套数据。',
    modules: ['data'],
    services: ['Integration setup'],
    active: true,
  },
  adoption: {
    nameEn: 'Team-wide adoption',
    nameZh: '全员使用',
    descriptionEn: 'Every team that should use the product does, every week.',
    descriptionZh: '所有相关团队每周都在使用。',
    modules: ['reporting', 'automation'],
    services: ['Admin training', 'End-user training'],
    active: true,
  },
  satisfaction: {
    nameEn: 'Satisfied users',
    nameZh: '用户满意',
    descriptionEn: 'Users would recommend the product to a peer.',
    descriptionZh: '用户愿意向同行推荐。',
    modules: [],
    services: ['Executive sponsor check-ins'],
    active: true,
  },
};

/** What the CSM writes on the plan, in the customer's language: title, needed outcome, tasks. */
const OBJECTIVES: Record<Kind, Record<Lang, { title: string; outcome: string; tasks: [string, string] }>> = {
  reporting: {
    cn: {
      title: '管理层每周使用报表',
      outcome: '月结报表从 5 天缩短到 1 天',
      tasks: ['搭建管理层看板', '培训财务团队'],
    },
    en: {
      title: 'Leadership uses reports weekly',
      outcome: 'Month-end reporting down from five days to one',
      tasks: ['Build the leadership dashboard', 'Train the finance team'],
    },
  },
  automation: {
    cn: { title: '审批流程自动化', outcome: '人工审批减少一半', tasks: ['梳理现有审批流程', '上线前三个工作流'] },
    en: {
      title: 'Automate approvals',
      outcome: 'Half the manual approvals gone',
      tasks: ['Map the current approval steps', 'Launch the first three workflows'],
    },
  },
  data: {
    cn: { title: '打通 ERP 数据', outcome: '财务和业务看到同一套数字', tasks: ['确认字段映射', '完成首次全量同步'] },
    en: {
      title: 'Connect the ERP data',
      outcome: 'Finance and the business see the same numbers',
      tasks: ['Agree the field mapping', 'Run the first full sync'],
    },
  },
  adoption: {
    cn: { title: '扩大活跃用户', outcome: '新业务部门全部用起来', tasks: ['为新部门开通账号', '组织第二轮培训'] },
    en: {
      title: 'Grow active users',
      outcome: 'The new business units all on board',
      tasks: ['Invite the new departments', 'Hold a second training round'],
    },
  },
  satisfaction: {
    cn: { title: '提升用户满意度', outcome: 'NPS 回到 8 分以上', tasks: ['收集一线用户反馈', '回访低分用户'] },
    en: {
      title: 'Raise user satisfaction',
      outcome: 'NPS back above 8',
      tasks: ['Gather front-line feedback', 'Call back the low scorers'],
    },
  },
};

/** The demo product's events per module (send-events.ts configures the same mapping). */
const MODULE_OF: Record<string, string> = {
  report_viewed: 'reporting',
  dashboard_created: 'reporting',
  workflow_run: 'automation',
  data_exported: 'data',
  integration_synced: 'data',
};

/** One template per saved segment, in the organisation's configuration language (as the segment names). */
const TEMPLATES: { segment: string; name: string; kinds: Kind[]; dueInDays: number }[] = [
  { segment: 'SMB', name: 'SMB: first value in 60 days', kinds: ['adoption', 'satisfaction'], dueInDays: 60 },
  {
    segment: 'Mid-market',
    name: 'Mid-market: adoption plan',
    kinds: ['reporting', 'automation', 'adoption'],
    dueInDays: 120,
  },
  {
    segment: 'Enterprise',
    name: 'Enterprise: value plan',
    kinds: ['reporting', 'automation', 'data', 'satisfaction'],
    dueInDays: 180,
  },
];

const TEMPLATE_TITLES: Record<Kind, string> = {
  reporting: 'Leadership uses reports weekly',
  automation: 'Automate approvals',
  data: 'Connect the ERP data',
  adoption: 'Grow active users',
  satisfaction: 'Raise user satisfaction',
};

interface Figures {
  /** Events per module over the 30 days up to today; the highest daily users of any event (a floor of active users). */
  modules: Map<string, number>;
  users: number;
  nps: number | null;
}

function figuresOf(plan: DemoPlan): Figures[] {
  const from = addDays(plan.today, -30);
  const out = plan.accounts.map((a) => ({
    modules: new Map<string, number>(),
    users: 0,
    nps: [...a.nps].sort((x, y) => x.respondedAt.localeCompare(y.respondedAt)).at(-1)?.score ?? null,
  }));
  for (const u of plan.usage) {
    if (u.day < from) continue;
    const f = out[u.account]!;
    const module = MODULE_OF[u.event];
    if (module) f.modules.set(module, (f.modules.get(module) ?? 0) + u.count);
    f.users = Math.max(f.users, u.users);
  }
  return out;
}

/** The target: against today's figure, below it for what was achieved, well above it for what is at risk. */
function targetFor(rng: Rng, kind: Kind, status: ObjectiveStatus, f: Figures): Target {
  const factor =
    status === 'achieved'
      ? rng.float(0.6, 0.9)
      : status === 'on_track'
        ? rng.float(1.05, 1.3)
        : status === 'not_started'
          ? rng.float(1.3, 1.6)
          : rng.float(1.6, 2.6);
  const round = (n: number) => Math.max(5, Math.round(n / 5) * 5);
  if (kind === 'satisfaction') {
    const value = status === 'achieved' ? Math.min(f.nps ?? 8, 8) : Math.min(10, Math.max(8, (f.nps ?? 7) + 2));
    return { kind: 'nps', key: null, comparator: '>=', value };
  }
  if (kind === 'adoption') return { kind: 'active_users', key: null, comparator: '>=', value: round(f.users * factor) };
  const module = VALUE_POINTS[kind].modules[0]!;
  return { kind: 'module_usage', key: module, comparator: '>=', value: round((f.modules.get(module) ?? 0) * factor) };
}

/** Healthier customers have achieved more and have fewer objectives at risk or missed. */
function statusFor(rng: Rng, health: number, slipping: boolean): ObjectiveStatus {
  const good = slipping ? 0.2 : health;
  return rng.weighted<ObjectiveStatus>([
    ['achieved', 3 * good],
    ['on_track', 4 * good],
    ['not_started', 1],
    ['at_risk', 3 * (1 - good)],
    ['missed', 1.5 * (1 - good)],
  ]);
}

function objectivesFor(
  rng: Rng,
  account: AccountPlan,
  f: Figures,
  ownerId: string,
  points: Map<Kind, string>,
  today: string,
) {
  const kinds: Kind[] = ['reporting', 'automation', 'data', 'adoption', 'satisfaction'];
  rng.shuffle(kinds);
  const slipping = account.story.futureChurn !== null;
  return kinds.slice(0, rng.int(2, 4)).map((kind) => {
    const status = statusFor(rng, account.story.health, slipping);
    const text = OBJECTIVES[kind][account.lang];
    // Missed objectives are past their date; achieved ones mostly too; the rest lie ahead.
    const dueOn =
      status === 'missed'
        ? addDays(today, -rng.int(10, 90))
        : status === 'achieved' && rng.chance(0.7)
          ? addDays(today, -rng.int(5, 120))
          : addDays(today, rng.int(20, 150));
    const done = (i: number) => status === 'achieved' || (i === 0 && (status === 'on_track' || status === 'at_risk'));
    const tasks: TaskInput[] = text.tasks.slice(0, rng.int(1, 2)).map((title, i) => ({
      title,
      ownerId,
      dueOn: addDays(dueOn, -rng.int(14, 45) * (2 - i)),
      done: done(i),
    }));
    return {
      title: text.title,
      valuePointId: points.get(kind) ?? null,
      neededOutcome: text.outcome,
      ownerId,
      dueOn,
      status,
      target: targetFor(rng, kind, status, f),
      tasks,
    };
  });
}

/** Needs at handoff, in the customer's words. */
const NEED_NOTES: Record<Lang, string> = { cn: '客户在交接时明确提出', en: 'Named by the customer at handoff' };

export async function loadDemoSuccessPlans(services: Services, plan: DemoPlan, team: Team) {
  const { successPlans } = services;
  const points = new Map<Kind, string>();
  for (const [kind, input] of Object.entries(VALUE_POINTS) as [Kind, ValuePointInput][])
    points.set(kind, (await successPlans.createValuePoint(demoActor, input)).id);
  const segments = new Map((await services.segments.list()).map((s) => [s.name, s.id]));
  for (const t of TEMPLATES)
    await successPlans.saveTemplate(demoActor, null, {
      name: t.name,
      segmentId: segments.get(t.segment) ?? null,
      objectives: t.kinds.map((kind) => ({
        title: TEMPLATE_TITLES[kind],
        valuePointId: points.get(kind) ?? null,
        neededOutcome: null,
        target:
          kind === 'satisfaction'
            ? { kind: 'nps', key: null, comparator: '>=', value: 8 }
            : kind === 'adoption'
              ? { kind: 'active_users', key: null, comparator: '>=', value: 20 }
              : { kind: 'module_usage', key: VALUE_POINTS[kind].modules[0]!, comparator: '>=', value: 200 },
        dueInDays: t.dueInDays,
      })),
    });

  const ids = new Map(
    (
      await services.db
        .selectFrom('accounts')
        .select(['id', 'external_id'])
        .where('external_id', 'like', 'demo-%')
        .execute()
    ).map((r) => [r.external_id, r.id]),
  );
  const figures = figuresOf(plan);
  const plans: Parameters<typeof successPlans.bulkCreate>[1][number][] = [];
  const needs: { accountId: string; kinds: Kind[]; lang: Lang }[] = [];
  plan.accounts.forEach((account, index) => {
    const accountId = ids.get(account.externalId);
    if (!accountId) return;
    const rng = Rng.stream(plan.seed, 'successplan', index);
    if (account.stage === 'handoff') {
      needs.push({
        accountId,
        kinds: rng.shuffle(['reporting', 'automation', 'data'] as Kind[]).slice(0, 2),
        lang: account.lang,
      });
      return;
    }
    const share = account.tier === 'high_touch' ? 0.8 : account.tier === 'low_touch' ? 0.5 : 0;
    if (!account.firstPaidOn || account.churnedOn || !rng.chance(share)) return;
    const objectives = objectivesFor(rng, account, figures[index]!, team.get(account.owner)!.id, points, plan.today);
    plans.push({ accountId, objectives });
    // The newest customers' needs mapped at handoff: what their plan answers, and one need still open.
    if (account.firstPaidOn >= addDays(plan.today, -240))
      needs.push({
        accountId,
        kinds: [...new Set([...objectives.map((o) => kindOfTitle(o.title)), 'adoption' as Kind])],
        lang: account.lang,
      });
  });
  const written = await successPlans.bulkCreate(demoActor, plans);
  for (const n of needs)
    await successPlans.saveNeeds(demoActor, n.accountId, {
      items: n.kinds.map((k) => ({ valuePointId: points.get(k)!, note: NEED_NOTES[n.lang] })),
    });
  return {
    valuePoints: points.size,
    templates: TEMPLATES.length,
    plans: plans.length,
    ...written,
    needs: needs.length,
  };
}

const kindOfTitle = (title: string): Kind =>
  (Object.keys(OBJECTIVES) as Kind[]).find(
    (k) => OBJECTIVES[k].cn.title === title || OBJECTIVES[k].en.title === title,
  )!;
