import { sql } from 'kysely';
import { testDatabase } from '../../../test/support/db.js';
import { type Clock, localDate } from '../../clock.js';
import type { Database } from '../../db/connection.js';
import { createServices, type OptionalHooks } from '../../services.js';
import { cliActor } from '../audit/actor.js';
import type { Role } from '../../shared/roles.js';

/** A clock the test moves by hand. */
export function movableClock(start: string): Clock & { set(at: string): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    today: (tz, at) => localDate(at ?? current, tz),
    set: (at) => {
      current = new Date(at);
    },
  };
}

/** Real migrated database, services on a movable clock, one user per role given. */
export async function ctaFixture(
  start: string,
  hooks: OptionalHooks = {},
  roles: Role[] = ['csm', 'onboarding', 'cs_manager'],
) {
  const database: Database = await testDatabase();
  const clock = movableClock(start);
  const services = createServices({
    db: database.db,
    clock,
    config: { TENURE_SESSION_DAYS: 14, TENURE_TIMEZONE: 'UTC', TENURE_CURRENCY: 'CNY' },
    hooks,
  });
  const users: Partial<Record<Role, string>> = {};
  for (const role of roles)
    users[role] = (
      await services.users.create(cliActor, {
        email: `${role}@t.local`,
        name: `T ${role}`,
        role,
        password: 'correct horse battery',
      })
    ).id;
  let n = 0;
  async function account(
    input: {
      firstPaidOn?: string | null;
      stage?: 'onboarding' | 'adoption' | null;
      ownerId?: string | null;
      managerId?: string | null;
    } = {},
  ) {
    n += 1;
    const a = await services.accounts.create(cliActor, {
      name: `Account ${n}`,
      externalId: `acc-${n}`,
      firstPaidOn: input.firstPaidOn === undefined ? '2026-01-01' : input.firstPaidOn,
      lifecycleStage: input.stage === undefined ? 'adoption' : input.stage,
      ownerId: input.ownerId === undefined ? users.csm : input.ownerId,
      onboardingManagerId: input.managerId ?? undefined,
    });
    return a.id;
  }
  /** Only these rules stay switched on. */
  async function onlyRules(...keys: string[]) {
    await sql`update cta_rules set enabled = (key = any(${keys}::text[]))`.execute(database.db);
  }
  async function ctasOf(accountId: string) {
    return database.db
      .selectFrom('ctas as c')
      .leftJoin('cta_rules as r', 'r.id', 'c.rule_id')
      .selectAll('c')
      .select('r.key as rule_key')
      .where('c.account_id', '=', accountId)
      .orderBy('c.opened_at')
      .execute();
  }
  return {
    database,
    db: database.db,
    clock,
    services,
    users,
    account,
    onlyRules,
    ctasOf,
    close: () => database.close(),
  };
}
