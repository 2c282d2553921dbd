import { type Kysely, type Transaction, sql } from 'kysely';
import type { Account, DB } from '../../db/types.js';
import type { AccountListQuery, AccountView } from '../../shared/accounts.js';
import { ACCOUNT_SORTS } from '../../shared/accounts.js';
import type { Condition } from '../../shared/conditions.js';
import { primaryScoreOf } from '../health/health.repository.js';
import { renewalProbabilityOf } from '../prediction/prediction.repository.js';
import { conditionsExpression, likePattern } from '../segments/conditions.read.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface AccountSelection {
  q?: string;
  externalId?: string;
  ownerId?: string;
  conditions: Condition[];
  match: 'all' | 'any';
  /** Further rule sets that must all hold (a segment's rules on top of the list's filters). */
  ruleSets?: { conditions: Condition[]; match: 'all' | 'any' }[];
}

function baseQuery(db: Db, selection: AccountSelection) {
  let q = db.selectFrom('accounts').where('accounts.deleted_at', 'is', null);
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
  if (selection.conditions.length) q = q.where((eb) => conditionsExpression(eb, selection.conditions, selection.match));
  for (const set of selection.ruleSets ?? []) q = q.where((eb) => conditionsExpression(eb, set.conditions, set.match));
  return q;
}

function withNames(db: Db, selection: AccountSelection) {
  return baseQuery(db, selection)
    .leftJoin('users as owner', 'owner.id', 'accounts.owner_id')
    .leftJoin('users as sales', 'sales.id', 'accounts.sales_owner_id')
    .leftJoin('users as onboarding', 'onboarding.id', 'accounts.onboarding_manager_id')
    .leftJoin('accounts as parent', 'parent.id', 'accounts.parent_id')
    .selectAll('accounts')
    .select([
      'owner.name as owner_name',
      'sales.name as sales_owner_name',
      'onboarding.name as onboarding_manager_name',
      'parent.name as parent_name',
    ]);
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
  if (sort === 'health') return primaryScoreOf(sql.ref('accounts.id'));
  if (sort === 'renewal_probability') return renewalProbabilityOf(sql.ref('accounts.id'));
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
    const pageIds = baseQuery(db, selection)
      .leftJoin('users as owner', 'owner.id', 'accounts.owner_id')
      .select('accounts.id')
      .orderBy(sql`${sortBy} ${direction}`)
      .orderBy('accounts.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize);
    const [rows, total] = await Promise.all([
      withNames(db, { conditions: [], match: 'all' })
        .where('accounts.id', 'in', pageIds)
        .orderBy(sql`${sortBy} ${direction}`)
        .orderBy('accounts.id')
        .execute(),
      this.count(db, selection),
    ]);
    return { items: (rows as AccountRow[]).map(toAccountView), total };
  },

  async ids(db: Db, selection: AccountSelection) {
    const rows = await baseQuery(db, selection).select('accounts.id').execute();
    return rows.map((r) => r.id);
  },

  async count(db: Db, selection: AccountSelection) {
    const row = await baseQuery(db, selection)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async findView(db: Db, id: string) {
    const row = await withNames(db, { conditions: [], match: 'all' }).where('accounts.id', '=', id).executeTakeFirst();
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
