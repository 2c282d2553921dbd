import {
  type ExpressionBuilder,
  expressionBuilder,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  type Transaction,
  sql,
} from 'kysely';
import type { Account, DB } from '../../db/types.js';
import type { AccountListQuery, AccountView } from '../../shared/accounts.js';
import { ACCOUNT_SORTS } from '../../shared/accounts.js';
import {
  CONTACT_CONDITION_FIELDS,
  type Condition,
  contactConditionColumn,
  isFactField,
  isSegmentField,
  parseUsageField,
  type RuleSet,
} from '../../shared/conditions.js';
import { userRows } from '../users/users.read.js';
import { type Comparison, conditionsExpression, type FieldResolver, likePattern } from './conditions.read.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface AccountSelection {
  q?: string;
  externalId?: string;
  ownerId?: string;
  conditions: Condition[];
  match: 'all' | 'any';
  /** Further rule sets that must all hold (a segment's rules on top of the list's filters). */
  ruleSets?: { conditions: Condition[]; match: 'all' | 'any' }[];
  /** The day "days to renewal" and "within N days" count from (the service's clock; the database's date without). */
  today?: string;
  /** Usage's read model for the `usage.<module>.<days>` fields; without it they cannot be evaluated. */
  moduleUsage?: ModuleUsageFilter;
  /** The segments `segment` conditions name (loaded beforehand); without them those cannot be evaluated. */
  segments?: SegmentMembership;
}

/**
 * What compiling `segment` conditions needs: the rules of the segments named (transitively; null for rules
 * that can no longer be evaluated) and the segments module's SQL for its manual members — handed in by the
 * composition root (src/services.ts), as segments depends on accounts.
 */
export interface SegmentMembership {
  definitions: ReadonlyMap<string, RuleSet | null>;
  manual: (segmentId: string, accountId: RawBuilder<unknown>) => RawBuilder<boolean | null>;
}

/**
 * "The account's events of a product module over the `days` days up to `today` compare with `value`" as
 * SQL — usage's read model (usage.read.ts `moduleUsageMatches`), handed in by the composition root: the
 * usage module depends on accounts, so accounts names the function it needs instead of importing it.
 */
export type ModuleUsageFilter = (
  accountId: RawBuilder<unknown>,
  module: string,
  days: number,
  today: RawBuilder<unknown>,
  operator: Comparison,
  value: number,
) => RawBuilder<SqlBool>;

/** Filter fields (src/shared/conditions.ts FACT_FIELDS) and sorts read from account_facts, joined to every list query. */
const FACT_COLUMNS: Record<string, string> = {
  arr: 'arr_minor',
  mrr: 'mrr_minor',
  plan: 'plan',
  health: 'health_score',
  health_score: 'health_score',
  health_color: 'health_color',
  health_trend: 'health_trend',
  renewal_on: 'renewal_on',
  renewal_probability: 'renewal_probability',
  latest_nps: 'latest_nps',
  active_users_30d: 'active_users_30d',
  open_ctas: 'open_ctas',
  fit_score: 'fit_score',
  fit_grade: 'fit_grade',
  maturity_level: 'maturity_level',
};

function factResolver(
  day: string | undefined,
  moduleUsage?: ModuleUsageFilter,
  segments?: SegmentMembership,
  /** The segments being expanded around this rule set: one of them again would loop, so it has no members. */
  expanding: readonly string[] = [],
): FieldResolver {
  const today = day === undefined ? sql`current_date` : sql`${day}::date`;
  return (field) => {
    if (isSegmentField(field))
      return segments ? { membership: (eb, ids) => eb.or(ids.map((id) => member(eb, id))) } : undefined;
    const usage = parseUsageField(field);
    if (usage)
      return moduleUsage
        ? { compare: (op, value) => moduleUsage(sql`accounts.id`, usage.module, usage.days, today, op, value) }
        : undefined;
    if (field === 'days_to_renewal') return { expr: sql`(account_facts.renewal_on - ${today})` };
    const column = FACT_COLUMNS[field];
    if (!column) return undefined;
    const expr = sql.ref(`account_facts.${column}`);
    return field === 'renewal_on'
      ? {
          expr,
          withinDays: (days) => sql<SqlBool>`${expr} between ${today} and ${today} + ${days}::int`,
        }
      : { expr };
  };

  /**
   * In segment `id`: its manual row decides (put in or taken out by hand), else its rules, compiled inline over
   * the same account row — set-based, no per-account look-up. An unknown segment, one whose rules cannot be
   * evaluated, or one already being expanded (a cycle, refused on save) has no rule members.
   */
  function member(eb: ExpressionBuilder<DB, 'accounts'>, id: string) {
    const rules = segments!.definitions.get(id);
    const byRules =
      rules && !expanding.includes(id)
        ? conditionsExpression(
            eb,
            rules.conditions,
            rules.match,
            factResolver(day, moduleUsage, segments, [...expanding, id]),
          )
        : sql<SqlBool>`false`;
    return sql<SqlBool>`coalesce(${segments!.manual(id, sql`accounts.id`)}, ${byRules}, false)`;
  }
}

/** Whether any condition — the segments' that `segment` conditions expand to included — reads account facts. */
const usesFacts = (selection: Pick<AccountSelection, 'conditions' | 'ruleSets' | 'segments'>) =>
  [
    ...selection.conditions,
    ...(selection.ruleSets ?? []).flatMap((r) => r.conditions),
    ...[...(selection.segments?.definitions.values() ?? [])].flatMap((r) => r?.conditions ?? []),
  ].some((c) => isFactField(c.field));

/**
 * The selected live accounts. `withFacts` joins account_facts — every account has its row (a trigger of
 * 0023 adds it), so the join is inner and a sort on a figure walks its index; counts that filter on no
 * figure leave it out (the join of 100k rows was most of an unfiltered count).
 */
function baseQuery(db: Db, selection: AccountSelection, withFacts = true) {
  const resolve = factResolver(selection.today, selection.moduleUsage, selection.segments);
  const joined = () => db.selectFrom('accounts').innerJoin('account_facts', 'account_facts.account_id', 'accounts.id');
  let q = (withFacts ? joined() : (db.selectFrom('accounts') as unknown as ReturnType<typeof joined>)).where(
    'accounts.deleted_at',
    'is',
    null,
  );
  if (selection.externalId !== undefined) q = q.where('accounts.external_id', '=', selection.externalId);
  if (selection.ownerId) q = q.where('accounts.owner_id', '=', selection.ownerId);
  if (selection.q) {
    const pattern = likePattern(selection.q);
    q = q.where((eb) =>
      eb.or([
        eb('accounts.name', 'ilike', pattern),
        eb('accounts.domain', 'ilike', pattern),
        eb('accounts.external_id', 'ilike', pattern),
      ]),
    );
  }
  if (selection.conditions.length)
    q = q.where((eb) => conditionsExpression(eb as never, selection.conditions, selection.match, resolve));
  for (const set of selection.ruleSets ?? [])
    q = q.where((eb) => conditionsExpression(eb as never, set.conditions, set.match, resolve));
  return q;
}

/**
 * The rows with the names they point at. The owner is joined (a list may sort by its name); the others are
 * looked up per row: joined, the seven tables took PostgreSQL 1.8 ms to plan for each page of the accounts
 * list, twice what running it took; this way 0.8 ms (bench/api.ts).
 */
function withNames(db: Db, selection: AccountSelection, withFacts = true) {
  return baseQuery(db, selection, withFacts)
    .leftJoin(userRows(db).as('owner'), 'owner.id', 'accounts.owner_id')
    .selectAll('accounts')
    .select((eb) => {
      const nameOf = (userId: 'accounts.sales_owner_id' | 'accounts.onboarding_manager_id') =>
        eb.selectFrom(userRows(db).as('u')).select('u.name').whereRef('u.id', '=', userId);
      return [
        'owner.name as owner_name',
        nameOf('accounts.sales_owner_id').as('sales_owner_name'),
        nameOf('accounts.onboarding_manager_id').as('onboarding_manager_name'),
        eb
          .selectFrom('accounts as parent')
          .select('parent.name')
          .whereRef('parent.id', '=', 'accounts.parent_id')
          .as('parent_name'),
      ];
    });
}

type AccountRow = Account & {
  owner_name: string | null;
  sales_owner_name: string | null;
  onboarding_manager_name: string | null;
  parent_name: string | null;
};

export function toAccountView(row: AccountRow): AccountView {
  return {
    id: row.id,
    externalId: row.external_id,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    employees: row.employees,
    region: row.region,
    parentId: row.parent_id,
    parentName: row.parent_name,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    salesOwnerId: row.sales_owner_id,
    salesOwnerName: row.sales_owner_name,
    onboardingManagerId: row.onboarding_manager_id,
    onboardingManagerName: row.onboarding_manager_name,
    tier: row.tier,
    lifecycleStage: row.lifecycle_stage,
    attributes: row.attributes ?? {},
    firstPaidOn: row.first_paid_on,
    churnedOn: row.churned_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function sortExpression(sort: string) {
  if (sort.startsWith('attributes.')) return sql`accounts.attributes->>${sort.slice('attributes.'.length)}`;
  if (sort === 'owner_name') return sql`owner.name`;
  if (FACT_COLUMNS[sort]) return sql.ref(`account_facts.${FACT_COLUMNS[sort]}`);
  if ((ACCOUNT_SORTS as readonly string[]).includes(sort)) return sql.ref(`accounts.${sort}`);
  return undefined;
}

export const accountsRepository = {
  async list(
    db: Db,
    selection: AccountSelection,
    page: Pick<AccountListQuery, 'page' | 'pageSize' | 'sort' | 'order'>,
  ) {
    const sortBy = sortExpression(page.sort) ?? sql.ref('accounts.name'); // the schema admits only known sorts
    const direction = sql.raw(page.order === 'desc' ? 'desc nulls last' : 'asc nulls last');
    // The page's ids first, sorted on the selected accounts alone (the owner joined for its name's sort;
    // PostgreSQL drops the join otherwise), then names for those rows only: joined before the sort,
    // the parent, sales and onboarding look-ups ran for every selected account (bench/api.ts).
    const withFacts = usesFacts(selection) || FACT_COLUMNS[page.sort] !== undefined;
    const pageIds = baseQuery(db, selection, withFacts)
      .leftJoin(userRows(db).as('owner'), 'owner.id', 'accounts.owner_id')
      .select('accounts.id')
      .orderBy(sql`${sortBy} ${direction}`)
      .orderBy('accounts.id')
      .limit(pageLimit(page))
      .offset(pageOffset(page));
    const [rows, total] = await Promise.all([
      withNames(db, { conditions: [], match: 'all', today: selection.today }, withFacts)
        .where('accounts.id', 'in', pageIds)
        .orderBy(sql`${sortBy} ${direction}`)
        .orderBy('accounts.id')
        .execute(),
      this.count(db, selection),
    ]);
    return { items: (rows as AccountRow[]).map(toAccountView), total };
  },

  async ids(db: Db, selection: AccountSelection) {
    const rows = await baseQuery(db, selection, usesFacts(selection)).select('accounts.id').execute();
    return rows.map((r) => r.id);
  },

  /**
   * For each live account (or those in `accountIds`), the ids of the rule sets it matches, in the order
   * given — one statement, account facts joined, so a segment over a figure works here too.
   */
  async ruleSetsMatched(
    db: Db,
    sets: readonly { id: string; conditions: Condition[]; match: 'all' | 'any' }[],
    today: string,
    accountIds?: readonly string[],
    moduleUsage?: ModuleUsageFilter,
    segments?: SegmentMembership,
  ): Promise<Map<string, string[]>> {
    if (!sets.length) return new Map();
    const resolve = factResolver(today, moduleUsage, segments);
    let q = baseQuery(db, { conditions: [], match: 'all', today }, true);
    if (accountIds) q = q.where('accounts.id', '=', sql<string>`any(${[...accountIds]}::uuid[])`);
    const rows = await q
      .select('accounts.id')
      .select((eb) => {
        const matched = sets.map(
          (s) =>
            sql`case when ${conditionsExpression(eb as never, s.conditions, s.match, resolve)} then ${s.id}::text end`,
        );
        return sql<string[]>`array_remove(array[${sql.join(matched)}], null)`.as('matched');
      })
      .execute();
    return new Map(rows.filter((r) => r.matched.length).map((r) => [r.id, r.matched]));
  },

  /**
   * Which subjects — an account and one of its contacts each — match the rules, in one statement: account
   * conditions over the account row (facts joined), `contact.<field>` ones over the contact through
   * `contactField`, the contacts module's read model handed in by the caller (a contact journey's branch).
   */
  async subjectsMatching(
    db: Db,
    rules: RuleSet,
    subjects: readonly { key: string; accountId: string; contactId: string }[],
    today: string,
    contactField: (column: string, contactId: RawBuilder<unknown>) => RawBuilder<unknown>,
    moduleUsage?: ModuleUsageFilter,
    segments?: SegmentMembership,
  ): Promise<Set<string>> {
    if (!subjects.length) return new Set();
    const accountFields = factResolver(today, moduleUsage, segments);
    const resolve: FieldResolver = (field) => {
      const column = contactConditionColumn(field);
      if (!column) return accountFields(field);
      return { expr: contactField(column, sql`s.contact_id`), kind: CONTACT_CONDITION_FIELDS[column] };
    };
    const predicate = conditionsExpression(expressionBuilder<DB, 'accounts'>(), rules.conditions, rules.match, resolve);
    const { rows } = await sql<{ key: string }>`
      select s.key from unnest(${subjects.map((x) => x.key)}::text[], ${subjects.map((x) => x.accountId)}::uuid[],
        ${subjects.map((x) => x.contactId)}::uuid[]) as s(key, account_id, contact_id)
      join accounts on accounts.id = s.account_id
      join account_facts on account_facts.account_id = accounts.id
      where accounts.deleted_at is null and ${predicate}`.execute(db);
    return new Set(rows.map((r) => r.key));
  },

  async count(db: Db, selection: AccountSelection) {
    const row = await baseQuery(db, selection, usesFacts(selection))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async findView(db: Db, id: string) {
    const row = await withNames(db, { conditions: [], match: 'all' }, false)
      .where('accounts.id', '=', id)
      .executeTakeFirst();
    return row ? toAccountView(row as AccountRow) : undefined;
  },

  findRow(db: Db, id: string, lock = false) {
    let q = db.selectFrom('accounts').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  },

  /** Ids of the account's ancestors, nearest first, to refuse cycles of parents. */
  async ancestorIds(db: Db, id: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      with recursive up(id, depth) as (
        select parent_id, 1 from accounts where id = ${id} and parent_id is not null
        union all
        select a.parent_id, up.depth + 1 from accounts a join up on a.id = up.id where a.parent_id is not null and up.depth < 100
      ) select id from up`.execute(db);
    return result.rows.map((r) => r.id);
  },
};
