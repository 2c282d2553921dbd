import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type HomeCsm, type HomeTeam, IMPORTANT_TRIGGERS } from '../../shared/home.js';
import { accountBookRows } from '../accounts/accounts.read.js';
import type { Actor } from '../audit/actor.js';
import type { CtaService } from '../ctas/ctas.service.js';
import { factTrend } from '../health/health.read.js';
import type { HealthService } from '../health/health.service.js';
import type { RenewalService } from '../renewals/renewals.service.js';
import type { NpsService } from '../surveys/nps.service.js';
import type { BookService } from '../team/books.service.js';
import type { UserService } from '../users/users.service.js';
import { addDays, colourRank, type OnboardingRiskReport } from './home.rules.js';

export interface HomeDeps {
  /** Only to compose the accounts read model (accounts.read.ts); every other figure comes from its owner's service. */
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  baseCurrency: string;
  users: Pick<UserService, 'list'>;
  health: Pick<HealthService, 'colourChanges' | 'colourDistribution'>;
  renewals: Pick<RenewalService, 'upcoming' | 'forecast'>;
  ctas: Pick<CtaService, 'list' | 'ownerLoad' | 'openedSince'>;
  onboardingRisk: { report(scope?: { ownerId?: string }): Promise<OnboardingRiskReport> };
  nps: Pick<NpsService, 'latestByAccount'>;
  /** Each owner's book (accounts, ARR, at risk, CTA load), counted as the Team page counts it. */
  books: Pick<BookService, 'owners'>;
}

/** How many rows a tile lists; its link leads to the whole list. */
const TILE_ROWS = 8;
const RENEWAL_DAYS = 90;
const EVENT_DAYS = 7;
const MOVEMENT_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Home (docs/home.md): each tile is one read from the module that owns its figures, over the set of
 * accounts concerned — never a query per account.
 */
export function createHomeService(deps: HomeDeps) {
  const { db, clock, timeZone, baseCurrency } = deps;
  const today = () => clock.today(timeZone);

  async function csm(actor: Actor, ownerId: string): Promise<HomeCsm> {
    const owner = (await deps.users.list()).find((u) => u.id === ownerId);
    if (!owner) throw notFound('user');
    const day = today();
    const now = clock.now();
    const yesterday = new Date(now.getTime() - DAY_MS);
    // The book's ARR and health from the account facts (one indexed read, the figures the accounts list
    // shows); every other tile asks its owner's service about these accounts only.
    const book = await accountBookRows(db).where('a.owner_id', '=', ownerId).orderBy('a.name').execute();
    const ids = book.map((a) => a.id);
    const names = new Map(book.map((a) => [a.id, a.name]));
    const [renewals, load, ctaList, risk, opened, changed, nps] = await Promise.all([
      deps.renewals.upcoming({ days: RENEWAL_DAYS, ownerId, pageSize: 10_000 }),
      deps.ctas.ownerLoad([ownerId]),
      // Sorted by due date, so the overdue and due-today ones come first.
      deps.ctas.list(actor, { scope: 'all', ownerId, status: 'active', page: 1, pageSize: TILE_ROWS * 4 }),
      deps.onboardingRisk.report({ ownerId }),
      // By owner, not the book's ids: 2,000 ids are a 73 KB parameter to write and parse each time. (NPS
      // keeps the ids: the surveys module cannot read the accounts module's model without a module cycle.)
      deps.ctas.openedSince(new Date(now.getTime() - EVENT_DAYS * DAY_MS), { ownerId }),
      deps.health.colourChanges({ ownerId }, day),
      deps.nps.latestByAccount(ids),
    ]);
    const arr = (a: (typeof book)[number]) => Number(a.arr_minor ?? 0);
    const colours = { red: 0, yellow: 0, green: 0, none: 0 };
    for (const a of book) colours[a.health_color ?? 'none'] += 1;
    const items = book
      .map((a) => ({
        accountId: a.id,
        accountName: a.name,
        arrMinor: arr(a),
        score: a.health_score,
        color: a.health_color,
        trend30: factTrend(a.health_score, a.health_trend),
      }))
      .sort((a, b) => colourRank(a.color) - colourRank(b.color) || b.arrMinor - a.arrMinor)
      .slice(0, TILE_ROWS);
    const onboarding = risk.accounts;
    const counts = load[0] ?? { active: 0, overdue: 0, dueToday: 0 };
    const important = new Set<string>(IMPORTANT_TRIGGERS);
    return {
      asOf: day,
      currency: baseCurrency,
      owner: { id: owner.id, name: owner.name },
      book: { accounts: ids.length, arrMinor: book.reduce((sum, a) => sum + arr(a), 0), colours, items },
      renewals: {
        count: renewals.total,
        arrMinor: renewals.arrMinor,
        items: renewals.items.slice(0, TILE_ROWS).map((r) => ({
          accountId: r.accountId,
          accountName: r.accountName,
          renewsOn: r.renewsOn,
          daysLeft: r.daysLeft,
          arrMinor: r.arrMinor,
          probability: r.probability,
          category: r.category,
        })),
      },
      ctas: {
        active: counts.active,
        overdue: counts.overdue,
        dueToday: counts.dueToday,
        items: ctaList.items
          .filter((c) => c.dueOn <= day)
          .slice(0, TILE_ROWS)
          .map((c) => ({
            id: c.id,
            accountId: c.accountId,
            accountName: c.accountName,
            reasonKey: c.reasonKey,
            reasonParams: c.reasonParams,
            title: c.title,
            priority: c.priority,
            dueOn: c.dueOn,
            overdue: c.overdue,
          })),
      },
      onboarding: {
        accounts: onboarding.length,
        atRisk: onboarding
          .filter((r): r is typeof r & { colour: 'yellow' | 'red' } => r.colour !== 'green')
          .sort((a, b) => colourRank(a.colour) - colourRank(b.colour) || b.arrMinor - a.arrMinor)
          .map((r) => ({
            accountId: r.accountId,
            accountName: r.accountName,
            colour: r.colour,
            openCtas: r.openCtas,
            arrMinor: r.arrMinor,
          })),
      },
      events: opened
        .filter((c) => c.trigger !== null && important.has(c.trigger))
        .slice(0, TILE_ROWS)
        .map((c) => ({
          ctaId: c.id,
          accountId: c.accountId,
          accountName: names.get(c.accountId)!,
          trigger: c.trigger as HomeCsm['events'][number]['trigger'],
          reasonKey: c.reasonKey,
          reasonParams: c.reasonParams,
          title: c.title,
          openedAt: c.openedAt,
        })),
      changes: {
        health: changed.map((c) => ({ ...c, accountName: names.get(c.accountId)! })),
        newCtas: opened
          .filter((c) => c.openedAt >= yesterday)
          .map((c) => ({
            ctaId: c.id,
            accountId: c.accountId,
            accountName: names.get(c.accountId)!,
            type: c.type,
            reasonKey: c.reasonKey,
            reasonParams: c.reasonParams,
            title: c.title,
          })),
        detractors: ids.flatMap((id) => {
          const answer = nps.get(id);
          return answer && answer.score <= 6 && answer.respondedAt >= yesterday
            ? [{ accountId: id, accountName: names.get(id)!, score: answer.score, respondedAt: answer.respondedAt }]
            : [];
        }),
        // The 90-day window moves one day a day: the renewals on its new last day entered it since yesterday.
        renewalsEntering: renewals.items
          .filter((r) => r.daysLeft === RENEWAL_DAYS)
          .map((r) => ({
            accountId: r.accountId,
            accountName: r.accountName,
            renewsOn: r.renewsOn,
            arrMinor: r.arrMinor,
          })),
      },
    };
  }

  async function team(): Promise<HomeTeam> {
    const day = today();
    const [users, books, forecast, distribution, risk] = await Promise.all([
      deps.users.list(),
      deps.books.owners(),
      deps.renewals.forecast({}, [RENEWAL_DAYS]),
      // Every live account: the books cover them all.
      deps.health.colourDistribution([addDays(day, -MOVEMENT_DAYS), day]),
      deps.onboardingRisk.report(),
    ]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    type Row = HomeTeam['csms'][number];
    const csms: Row[] = books
      .map((o) => ({ ...o, ownerName: o.ownerId ? (names.get(o.ownerId) ?? null) : null }))
      .sort(
        (a, b) =>
          b.arrAtRiskMinor - a.arrAtRiskMinor ||
          b.overdueCtas - a.overdueCtas ||
          (a.ownerName ?? '\uffff').localeCompare(b.ownerName ?? '\uffff'),
      );
    const sum = (pick: (r: Row) => number) => csms.reduce((s, r) => s + pick(r), 0);
    const window = forecast.windows.find((w) => w.days === RENEWAL_DAYS)!;
    const zero = (d: string) => ({ day: d, red: 0, yellow: 0, green: 0 });
    const before = addDays(day, -MOVEMENT_DAYS);
    return {
      asOf: day,
      currency: baseCurrency,
      csms,
      totals: {
        accounts: sum((r) => r.accounts),
        arrMinor: sum((r) => r.arrMinor),
        arrAtRiskMinor: sum((r) => r.arrAtRiskMinor),
        arrWatchMinor: sum((r) => r.arrWatchMinor),
        overdueCtas: sum((r) => r.overdueCtas),
      },
      renewals: {
        days: RENEWAL_DAYS,
        renewals: window.renewals,
        pipelineMinor: window.pipelineMinor,
        forecastMinor: window.forecastMinor,
        committedMinor: window.committedMinor,
      },
      health: {
        today: distribution.find((d) => d.day === day) ?? zero(day),
        before: distribution.find((d) => d.day === before) ?? zero(before),
      },
      onboarding: {
        accounts: risk.accounts.length,
        green: risk.accounts.filter((r) => r.colour === 'green').length,
        yellow: risk.accounts.filter((r) => r.colour === 'yellow').length,
        red: risk.accounts.filter((r) => r.colour === 'red').length,
        arrAtRiskMinor: risk.accounts.filter((r) => r.colour !== 'green').reduce((s, r) => s + r.arrMinor, 0),
      },
    };
  }

  return { csm, team };
}

export type HomeService = ReturnType<typeof createHomeService>;
