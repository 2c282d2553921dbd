import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { type AttributeKeyView, type AttributeLabels, MAX_LABELLED_VALUES } from '../../shared/attributes.js';
import type { Actor } from '../audit/actor.js';
import type { SettingsService } from '../settings/settings.service.js';

/** Custom attributes: the keys in use and the labels admins give keys and values (a setting). */
export function createAttributeService({
  db,
  settings,
}: {
  db: Kysely<DB>;
  settings: Pick<SettingsService, 'get' | 'set'>;
}) {
  return {
    keys: () => attributeKeys(db),
    labels: () => settings.get('attribute_labels'),
    setLabels: (actor: Actor, labels: AttributeLabels) => settings.set(actor, 'attribute_labels', labels),
  };
}
export type AttributeService = ReturnType<typeof createAttributeService>;

/**
 * The custom attribute keys in use on live accounts, in one statement: how many accounts carry each,
 * its usual JSON type (the most frequent one), and its most frequent text values — what an admin
 * gives labels to in Settings → Attributes.
 */
async function attributeKeys(db: Kysely<DB>): Promise<AttributeKeyView[]> {
  const { rows } = await sql<{ key: string; type: string; accounts: number; values: AttributeKeyView['values'] }>`
    with pairs as (
      select e.key, e.value
      from accounts a cross join lateral jsonb_each(a.attributes) e
      where a.deleted_at is null
    ), keys as (
      select key, count(*)::int as accounts, mode() within group (order by jsonb_typeof(value)) as type
      from pairs group by key
    ), vals as (
      select key, value #>> '{}' as value, count(*)::int as accounts,
             row_number() over (partition by key order by count(*) desc, value #>> '{}') as rank
      from pairs where jsonb_typeof(value) = 'string'
      group by key, value #>> '{}'
    )
    select k.key, k.type, k.accounts,
           coalesce(
             json_agg(json_build_object('value', v.value, 'accounts', v.accounts) order by v.rank)
               filter (where v.key is not null),
             '[]'
           ) as values
    from keys k left join vals v on v.key = k.key and v.rank <= ${MAX_LABELLED_VALUES}
    group by k.key, k.type, k.accounts
    order by k.key`.execute(db);
  return rows.map((r) => ({
    key: r.key,
    type: r.type === 'string' ? 'text' : r.type === 'number' ? 'number' : r.type === 'boolean' ? 'boolean' : 'other',
    accounts: Number(r.accounts),
    values: r.values,
  }));
}
