import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import { type HomeCsm, type HomeTeam, IMPORTANT_TRIGGERS } from '../../shared/home.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import type { Actor } from '../audit/actor.js';
import type { CtaService } from '../ctas/ctas.service.js';
import type { HealthService } from '../health/health.service.js';
import type { RenewalService } from '../renewals/renewals.service.js';
import type { NpsService } from '../surveys/nps.service.js';
import type { BookService } from '../team/books.service.js';
import type { UserService } from '../users/users.service.js';
import { bookFigures } from './home.book.js';
import { addDays, colourRank, type OnboardingRiskReport } from './home.rules.js';

export interface HomeDeps {
  /** Only to compose the accounts read model (accounts.read.ts); every other figure comes from its owner's service. */
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  baseCurrency: string;
  users: Pick<UserService, 'list'>;
  health: Pick<HealthService, 'colourDistribution'>;
  renewals: Pick<RenewalService, 'forAccounts' | 'forecast'>;
  ctas: Pick<CtaService, 'list' | 'ownerLoad' | 'openedSince'>;
  onboardingRisk: { report(scope?: { ownerId?: string }): Promise<OnboardingRiskReport> };
  nps: Pick<NpsService, 'latestSince'>;
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

  /** The names and owners of the few accounts the events and changes name (deleted ones are left out). */
  async function accountsNamed(ids: readonly string[]) {
    if (!ids.length) return new Map<string, { name: string; ownerId: string | null }>();
    const rows = await liveAccounts(db)
      .clearSelect()
      .select(['id', 'name', 'owner_id'])
      .where(sql<SqlBool>`id = any(${[...new Set(ids)]}::uuid[])`)
      .execute();
    return new Map(rows.map((r) => [r.id, { name: r.name, ownerId: r.owner_id }]));
  }

  async function csm(actor: Actor, ownerId: string): Promise<HomeCsm> {
    const owner = (await deps.users.list()).find((u) => u.id === ownerId);
    if (!owner) throw notFound('user');
    const day = today();
    const now = clock.now();
    const yesterday = new Date(now.getTime() - DAY_MS);
    // The book and its renewal window from the account facts; every other tile asks its owner's service
    // about this owner's accounts only.
    const [figures, load, ctaList, risk, opened, answered] = await Promise.all([
      bookFigures(db, { ownerId, day, renewalDays: RENEWAL_DAYS, rows: TILE_ROWS }),
      deps.ctas.ownerLoad([ownerId]),
      // Sorted by due date, so the overdue and due-today ones come first.
      deps.ctas.list(actor, { scope: 'all', ownerId, status: 'active', page: 1, pageSize: TILE_ROWS * 4 }),
      deps.onboardingRisk.report({ ownerId }),
      deps.ctas.openedSince(new Date(now.getTime() - EVENT_DAYS * DAY_MS), { ownerId }),
      // The day's answers, then kept to this book's detractors below.
      deps.nps.latestSince(yesterday),
    ]);
    const { book, colourChanges, renewals: window } = figures;
    const detractorIds = [...answered].filter(([, a]) => a.score <= 6).map(([id]) => id);
    const [named, renewals] = await Promise.all([
      accountsNamed([...opened.map((c) => c.accountId), ...detractorIds]),
      // In full only the renewals shown; the window was counted with the book.
      deps.renewals.forAccounts([...new Set([...window.first, ...window.entering])], RENEWAL_DAYS),
    ]);
    // Every id above is of this book; an account deleted or handed over meanwhile is left out.
    const inBook = (id: string) => named.get(id)?.ownerId === ownerId;
    const nameOf = (id: string) => named.get(id)!.name;
    const onboarding = risk.accounts;
    const counts = load[0] ?? { active: 0, overdue: 0, dueToday: 0 };
    const important = new Set<string>(IMPORTANT_TRIGGERS);
    return {
      asOf: day,
      currency: baseCurrency,
      owner: { id: owner.id, name: owner.name },
      book,
      renewals: {
        count: window.count,
        arrMinor: window.arrMinor,
        items: renewals
          .filter((r) => window.first.includes(r.accountId))
          .map((r) => ({
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
        .filter((c) => c.trigger !== null && important.has(c.trigger) && inBook(c.accountId))
        .slice(0, TILE_ROWS)
        .map((c) => ({
          ctaId: c.id,
          accountId: c.accountId,
          accountName: nameOf(c.accountId),
          trigger: c.trigger as HomeCsm['events'][number]['trigger'],
          reasonKey: c.reasonKey,
          reasonParams: c.reasonParams,
          title: c.title,
          openedAt: c.openedAt,
        })),
      changes: {
        health: colourChanges,
        newCtas: opened
          .filter((c) => c.openedAt >= yesterday && inBook(c.accountId))
          .map((c) => ({
            ctaId: c.id,
            accountId: c.accountId,
            accountName: nameOf(c.accountId),
            type: c.type,
            reasonKey: c.reasonKey,
            reasonParams: c.reasonParams,
            title: c.title,
          })),
        detractors: detractorIds.filter(inBook).map((id) => {
          const { score, respondedAt } = answered.get(id)!;
          return { accountId: id, accountName: nameOf(id), score, respondedAt };
        }),
        // The 90-day window moves one day a day: the renewals on its new last day entered it since yesterday.
        renewalsEntering: renewals
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
