import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { ownsAccounts } from '../../shared/roles.js';
import type { Team, TeamCapacity, TeamReassign, TeamRow } from '../../shared/team.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { CtaService } from '../ctas/ctas.service.js';
import type { FactService } from '../facts/facts.service.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { RenewalService } from '../renewals/renewals.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import type { UserService } from '../users/users.service.js';
import type { BookService } from './books.service.js';

export interface TeamDeps {
  /** Only to hold the reassignment's one transaction; every figure and write goes through its owner's service. */
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  baseCurrency: string;
  books: Pick<BookService, 'byOwner'>;
  users: Pick<UserService, 'list'>;
  metrics: Pick<MetricsService, 'mrrByAccount' | 'movementsByAccount'>;
  renewals: Pick<RenewalService, 'upcoming'>;
  timeline: Pick<TimelineService, 'touchCounts'>;
  settings: Pick<SettingsService, 'get' | 'set'>;
  accounts: Pick<AccountService, 'reassignOwner'>;
  ctas: Pick<CtaService, 'followAccountOwner'>;
  facts: Pick<FactService, 'refresh'>;
}

const RENEWAL_DAYS = 90;
const TOUCH_DAYS = 30;
const DAY_MS = 86_400_000;

/** The same calendar day a year earlier (29 February → 28 February). */
export function yearBefore(day: string) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

type Figures = Team['totals'];
const empty = (): Figures & { nrrBase: number; nrrKept: number } => ({
  accounts: 0,
  arrMinor: 0,
  openCtas: 0,
  overdueCtas: 0,
  touches30: 0,
  renewals90: 0,
  renewals90ArrMinor: 0,
  arrAtRiskMinor: 0,
  churnedArrMinor: 0,
  expansionArrMinor: 0,
  nrr: null,
  nrrBase: 0,
  nrrKept: 0,
});

/** Which limit applies to a person and whether their book is over it (docs/team.md). */
export function capacityOf(
  capacity: TeamCapacity,
  ownerId: string | null,
  book: { accounts: number; arrMinor: number },
) {
  const limit = ownerId ? (capacity.overrides[ownerId] ?? capacity.defaultLimit) : null;
  const value = capacity.basis === 'accounts' ? book.accounts : book.arrMinor;
  return {
    capacity: limit,
    load: limit ? value / limit : null,
    overCapacity: limit !== null && value > limit,
  };
}

/**
 * Team and workload (docs/team.md): each account owner's book side by side — composed from the owners'
 * services over every account at once, never a query per person or account — and the bulk reassignment.
 */
export function createTeamService(deps: TeamDeps) {
  const { db, clock, timeZone, baseCurrency } = deps;

  async function overview(): Promise<Team> {
    const day = clock.today(timeZone);
    const from = yearBefore(day);
    const [book, users, capacity, moves, startMrr, renewals, touches] = await Promise.all([
      deps.books.byOwner(),
      deps.users.list(),
      deps.settings.get('team_capacity'),
      deps.metrics.movementsByAccount(from, day),
      deps.metrics.mrrByAccount(from),
      deps.renewals.upcoming({ days: RENEWAL_DAYS, pageSize: Number.MAX_SAFE_INTEGER }),
      deps.timeline.touchCounts(new Date(clock.now().getTime() - TOUCH_DAYS * DAY_MS)),
    ]);
    const figures = new Map<string, ReturnType<typeof empty>>();
    const of = (ownerId: string | null) => {
      const key = ownerId ?? '';
      let f = figures.get(key);
      if (!f) figures.set(key, (f = empty()));
      return f;
    };
    for (const o of book.owners) {
      const f = of(o.ownerId);
      f.accounts += o.accounts;
      f.arrMinor += o.arrMinor;
      f.arrAtRiskMinor += o.arrAtRiskMinor;
      f.openCtas += o.activeCtas;
      f.overdueCtas += o.overdueCtas;
    }
    for (const a of book.accounts) {
      const f = of(a.ownerId);
      const m = moves.get(a.id);
      const start = startMrr.get(a.id) ?? 0;
      f.touches30 += touches.get(a.id) ?? 0;
      if (m) {
        f.churnedArrMinor += m.churned * 12;
        f.expansionArrMinor += m.expansion * 12;
      }
      // NRR's base: the book's accounts paying at the window's start, as the metrics report's trailing NRR.
      if (start > 0) {
        f.nrrBase += start;
        f.nrrKept += start - (m ? m.churned + m.contraction - m.expansion : 0);
      }
    }
    for (const r of renewals.items) {
      const f = of(r.ownerId);
      f.renewals90 += 1;
      f.renewals90ArrMinor += r.arrMinor;
    }
    const finish = ({ nrrBase, nrrKept, ...f }: ReturnType<typeof empty>): Figures => ({
      ...f,
      nrr: nrrBase ? nrrKept / nrrBase : null,
    });
    const people = new Map(users.map((u) => [u.id, u]));
    // Everyone who can own accounts gets a row, an empty book too; so does anyone holding accounts now.
    // CTAs held by people of other roles (an onboarding manager's) are theirs, not a book's: left out.
    const ids = new Set<string>(users.filter((u) => u.active && ownsAccounts(u.role)).map((u) => u.id));
    for (const [key, f] of figures) if (key && f.accounts > 0) ids.add(key);
    const totals = empty();
    for (const key of [...ids, ''])
      for (const [k, v] of Object.entries(figures.get(key) ?? {}))
        if (typeof v === 'number') (totals as unknown as Record<string, number>)[k]! += v;
    const rows: TeamRow[] = [...ids].map((id) => {
      const f = finish(figures.get(id) ?? empty());
      const person = people.get(id);
      return {
        ownerId: id,
        ownerName: person?.name ?? null,
        role: person?.role ?? null,
        ...f,
        ...capacityOf(capacity, id, f),
      };
    });
    rows.sort((a, b) => (a.ownerName ?? '').localeCompare(b.ownerName ?? ''));
    const unowned = figures.get('');
    if (unowned)
      rows.push({
        ownerId: null,
        ownerName: null,
        role: null,
        ...finish(unowned),
        ...capacityOf(capacity, null, unowned),
      });
    return {
      asOf: day,
      currency: baseCurrency,
      window: { from, to: day },
      capacity,
      rows,
      totals: finish(totals),
    };
  }

  /** One transaction: the accounts move in one statement, their CTAs follow; then their facts are refreshed. */
  async function reassign(actor: Actor, input: TeamReassign) {
    const result = await db.transaction().execute(async (trx) => {
      const ids = await deps.accounts.reassignOwner(actor, input, trx);
      const ctasMoved = await deps.ctas.followAccountOwner(
        actor,
        { accountIds: ids, fromUserId: input.fromUserId, toUserId: input.toUserId },
        trx,
      );
      return { ids, ctasMoved };
    });
    await deps.facts.refresh(result.ids);
    return { moved: result.ids.length, ctasMoved: result.ctasMoved };
  }

  return {
    overview,
    reassign,
    capacity: () => deps.settings.get('team_capacity'),
    setCapacity: (actor: Actor, value: TeamCapacity) => deps.settings.set(actor, 'team_capacity', value),
  };
}

export type TeamService = ReturnType<typeof createTeamService>;
