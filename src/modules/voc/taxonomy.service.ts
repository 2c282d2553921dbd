import { type Kysely, sql, type Transaction } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { invalidField, notFound } from '../../http/errors.js';
import type {
  VocCategory,
  VocCategoryInput,
  VocCategoryPatch,
  VocItemTags,
  VocItemType,
  VocTag,
  VocTagInput,
  VocTagPatch,
} from '../../shared/voc.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { npsResponseRows } from '../surveys/nps.read.js';
import { ticketRows } from '../tickets/tickets.read.js';
import { activityRows } from '../timeline/activities.read.js';

export interface TaxonomyDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
}

type Db = Kysely<DB> | Transaction<DB>;

/** The entity a missing item is reported as (server catalog `entities.*`). */
const ITEM_ENTITY: Record<VocItemType, string> = { activity: 'activity', ticket: 'ticket', nps: 'npsResponse' };

/**
 * Where a taggable item lives, through its owner's read model: its account and its time (copied onto the
 * link so the report reads one table). System entries of the timeline are not feedback and are not taggable.
 */
function itemSource(db: Db, type: VocItemType) {
  if (type === 'activity')
    return db
      .selectFrom(activityRows(db as Kysely<DB>).as('x'))
      .select(['x.id', 'x.account_id', 'x.occurred_at as at'])
      .where('x.type', '<>', 'system');
  if (type === 'ticket')
    return db.selectFrom(ticketRows(db as Kysely<DB>).as('x')).select(['x.id', 'x.account_id', 'x.opened_at as at']);
  return db
    .selectFrom(npsResponseRows(db as Kysely<DB>).as('x'))
    .select(['x.id', 'x.account_id', 'x.responded_at as at']);
}

/**
 * The VoC tag taxonomy (category → tag, both languages) and the tags on activities, tickets and NPS answers
 * (docs/voc.md). A category or tag that was ever used is archived instead of deleted, so reports keep it.
 */
export function createTaxonomyService({ db, clock, audit }: TaxonomyDeps) {
  async function taxonomy(trx: Db = db): Promise<VocCategory[]> {
    const [categories, tags] = await Promise.all([
      trx.selectFrom('voc_categories').selectAll().orderBy('position').orderBy('name_en').execute(),
      trx
        .selectFrom('voc_tags as t')
        .leftJoin(
          trx
            .selectFrom('voc_tag_links')
            .select(['tag_id', sql<number>`count(*)::int`.as('uses')])
            .groupBy('tag_id')
            .as('u'),
          'u.tag_id',
          't.id',
        )
        .select(['t.id', 't.category_id', 't.name_zh', 't.name_en', 't.product_area', 't.archived_at', 'u.uses'])
        .orderBy('t.name_en')
        .execute(),
    ]);
    return categories.map((c) => ({
      id: c.id,
      key: c.key,
      nameZh: c.name_zh,
      nameEn: c.name_en,
      position: c.position,
      archived: c.archived_at !== null,
      tags: tags.filter((t) => t.category_id === c.id).map(toTag),
    }));
  }
  const toTag = (t: {
    id: string;
    category_id: string;
    name_zh: string;
    name_en: string;
    product_area: string | null;
    archived_at: Date | null;
    uses: number | null;
  }): VocTag => ({
    id: t.id,
    categoryId: t.category_id,
    nameZh: t.name_zh,
    nameEn: t.name_en,
    productArea: t.product_area,
    archived: t.archived_at !== null,
    uses: t.uses ?? 0,
  });

  async function category(id: string, trx: Db = db) {
    const found = (await taxonomy(trx)).find((c) => c.id === id);
    if (!found) throw notFound('vocCategory');
    return found;
  }
  async function tag(id: string, trx: Db = db) {
    for (const c of await taxonomy(trx)) {
      const found = c.tags.find((t) => t.id === id);
      if (found) return found;
    }
    throw notFound('vocTag');
  }
  /** A tag goes only into a category that exists and is not archived; the error names the field. */
  async function checkCategory(trx: Db, categoryId: string) {
    const row = await trx
      .selectFrom('voc_categories')
      .select('archived_at')
      .where('id', '=', categoryId)
      .executeTakeFirst();
    if (!row) throw invalidField(['body', 'categoryId'], 'errors.missingReference');
    if (row.archived_at) throw invalidField(['body', 'categoryId'], 'errors.vocCategoryArchived');
  }

  return {
    taxonomy: () => taxonomy(),

    async createCategory(actor: Actor, input: VocCategoryInput) {
      return db.transaction().execute(async (trx) => {
        const max = await trx
          .selectFrom('voc_categories')
          .select(sql<number>`coalesce(max(position), 0)::int`.as('p'))
          .executeTakeFirstOrThrow();
        const row = await trx
          .insertInto('voc_categories')
          .values({ name_zh: input.nameZh, name_en: input.nameEn, position: input.position ?? max.p + 1 })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'voc_category', entityId: row.id, after: row });
        return category(row.id, trx);
      });
    },

    async updateCategory(actor: Actor, id: string, patch: VocCategoryPatch) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('voc_categories').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('vocCategory');
        const changes = {
          ...(patch.nameZh !== undefined && { name_zh: patch.nameZh }),
          ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
          ...(patch.position !== undefined && { position: patch.position }),
          ...(patch.archived !== undefined && {
            archived_at: patch.archived ? (before.archived_at ?? clock.now()) : null,
          }),
        };
        // Nothing to change (an empty patch) leaves the row as it is.
        const after = Object.keys(changes).length
          ? await trx
              .updateTable('voc_categories')
              .set(changes)
              .where('id', '=', id)
              .returningAll()
              .executeTakeFirstOrThrow()
          : before;
        await audit.record(trx, actor, { action: 'update', entity: 'voc_category', entityId: id, before, after });
        return category(id, trx);
      });
    },

    /** Deletes a category none of whose tags was ever used (its unused tags go with it); archives it otherwise. */
    async removeCategory(actor: Actor, id: string) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('voc_categories').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('vocCategory');
        const used = await trx
          .selectFrom('voc_tag_links as l')
          .innerJoin('voc_tags as t', 't.id', 'l.tag_id')
          .select('l.tag_id')
          .where('t.category_id', '=', id)
          .limit(1)
          .executeTakeFirst();
        if (used) {
          await trx
            .updateTable('voc_categories')
            .set({ archived_at: before.archived_at ?? clock.now() })
            .where('id', '=', id)
            .execute();
          await audit.record(trx, actor, { action: 'archive', entity: 'voc_category', entityId: id, before });
          return { ok: true as const, archived: true };
        }
        await trx.deleteFrom('voc_tags').where('category_id', '=', id).execute();
        await trx.deleteFrom('voc_categories').where('id', '=', id).execute();
        await audit.record(trx, actor, { action: 'delete', entity: 'voc_category', entityId: id, before });
        return { ok: true as const, archived: false };
      });
    },

    async createTag(actor: Actor, input: VocTagInput) {
      return db.transaction().execute(async (trx) => {
        await checkCategory(trx, input.categoryId);
        const row = await trx
          .insertInto('voc_tags')
          .values({
            category_id: input.categoryId,
            name_zh: input.nameZh,
            name_en: input.nameEn,
            product_area: input.productArea || null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'voc_tag', entityId: row.id, after: row });
        return tag(row.id, trx);
      });
    },

    async updateTag(actor: Actor, id: string, patch: VocTagPatch) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('voc_tags').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('vocTag');
        if (patch.categoryId !== undefined && patch.categoryId !== before.category_id)
          await checkCategory(trx, patch.categoryId);
        const changes = {
          ...(patch.categoryId !== undefined && { category_id: patch.categoryId }),
          ...(patch.nameZh !== undefined && { name_zh: patch.nameZh }),
          ...(patch.nameEn !== undefined && { name_en: patch.nameEn }),
          ...(patch.productArea !== undefined && { product_area: patch.productArea || null }),
          ...(patch.archived !== undefined && {
            archived_at: patch.archived ? (before.archived_at ?? clock.now()) : null,
          }),
        };
        const after = Object.keys(changes).length
          ? await trx.updateTable('voc_tags').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
          : before;
        await audit.record(trx, actor, { action: 'update', entity: 'voc_tag', entityId: id, before, after });
        return tag(id, trx);
      });
    },

    /** Deletes a tag never used; archives a used one (its links and the reports keep it). */
    async removeTag(actor: Actor, id: string) {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('voc_tags').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('vocTag');
        const used = await trx
          .selectFrom('voc_tag_links')
          .select('tag_id')
          .where('tag_id', '=', id)
          .limit(1)
          .executeTakeFirst();
        if (used) {
          await trx
            .updateTable('voc_tags')
            .set({ archived_at: before.archived_at ?? clock.now() })
            .where('id', '=', id)
            .execute();
          await audit.record(trx, actor, { action: 'archive', entity: 'voc_tag', entityId: id, before });
          return { ok: true as const, archived: true };
        }
        await trx.deleteFrom('voc_tags').where('id', '=', id).execute();
        await audit.record(trx, actor, { action: 'delete', entity: 'voc_tag', entityId: id, before });
        return { ok: true as const, archived: false };
      });
    },

    /**
     * Many items' tags at once (the demo company, imports): adds the links in one statement per item type,
     * each item read through its owner's read model as setItemTags does; unknown items and archived tags are
     * skipped, links already there kept. One audit entry.
     */
    async tagMany(actor: Actor, links: readonly { itemType: VocItemType; itemId: string; tagId: string }[], trx?: Db) {
      const q = trx ?? db;
      let added = 0;
      for (const type of ['activity', 'ticket', 'nps'] as const) {
        const rows = links.filter((l) => l.itemType === type);
        for (let i = 0; i < rows.length; i += 5000) {
          const slice = rows.slice(i, i + 5000);
          const result = await sql`
            insert into voc_tag_links (tag_id, item_type, item_id, account_id, item_at, tagged_by)
            select w.tag_id, ${type}, x.id, x.account_id, x.at, ${userIdOf(actor)}::uuid
            from unnest(${slice.map((l) => l.itemId)}::uuid[], ${slice.map((l) => l.tagId)}::uuid[]) as w (item_id, tag_id)
            join (${itemSource(q, type)}) x on x.id = w.item_id
            join voc_tags t on t.id = w.tag_id and t.archived_at is null
            on conflict do nothing`.execute(q);
          added += Number(result.numAffectedRows ?? 0);
        }
      }
      if (links.length)
        await audit.record(q, actor, {
          action: 'bulk_create',
          entity: 'voc_item_tags',
          entityId: null,
          after: { links: links.length, added },
        });
      return added;
    },

    /** Every tagged item of an account with its tags (the 360's timeline, support tab and NPS answers). */
    async accountTags(accountId: string): Promise<VocItemTags[]> {
      const rows = await db
        .selectFrom('voc_tag_links as l')
        .innerJoin('voc_tags as t', 't.id', 'l.tag_id')
        .select(['l.item_type', 'l.item_id', 't.id', 't.category_id', 't.name_zh', 't.name_en'])
        .where('l.account_id', '=', accountId)
        .orderBy('l.item_id')
        .orderBy('t.name_en')
        .execute();
      const byItem = new Map<string, VocItemTags>();
      for (const r of rows) {
        const key = `${r.item_type}:${r.item_id}`;
        const entry = byItem.get(key) ?? { itemType: r.item_type, itemId: r.item_id, tags: [] };
        entry.tags.push({ id: r.id, categoryId: r.category_id, nameZh: r.name_zh, nameEn: r.name_en });
        byItem.set(key, entry);
      }
      return [...byItem.values()];
    },

    /**
     * Sets the tags of one item. Tags it already carries may stay even when archived since; a tag added must
     * exist and be active — a refusal names `tagIds.<n>`.
     */
    async setItemTags(actor: Actor, type: VocItemType, itemId: string, tagIds: string[]): Promise<VocItemTags> {
      const wanted = [...new Set(tagIds)];
      return db.transaction().execute(async (trx) => {
        const item = await itemSource(trx, type).where('x.id', '=', itemId).executeTakeFirst();
        if (!item) throw notFound(ITEM_ENTITY[type]);
        const current = await trx
          .selectFrom('voc_tag_links')
          .select('tag_id')
          .where('item_type', '=', type)
          .where('item_id', '=', itemId)
          .execute();
        const had = new Set(current.map((c) => c.tag_id));
        const added = wanted.filter((id) => !had.has(id));
        if (added.length) {
          const known = await trx
            .selectFrom('voc_tags')
            .select(['id', 'archived_at'])
            .where('id', 'in', added)
            .execute();
          const byId = new Map(known.map((k) => [k.id, k]));
          for (const id of added) {
            const index = tagIds.indexOf(id);
            const found = byId.get(id);
            if (!found) throw invalidField(['body', 'tagIds', index], 'errors.missingReference');
            if (found.archived_at) throw invalidField(['body', 'tagIds', index], 'errors.vocTagArchived');
          }
          await trx
            .insertInto('voc_tag_links')
            .values(
              added.map((tagId) => ({
                tag_id: tagId,
                item_type: type,
                item_id: itemId,
                account_id: item.account_id,
                item_at: item.at,
                tagged_by: userIdOf(actor),
              })),
            )
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
        const removed = [...had].filter((id) => !wanted.includes(id));
        if (removed.length)
          await trx
            .deleteFrom('voc_tag_links')
            .where('item_type', '=', type)
            .where('item_id', '=', itemId)
            .where('tag_id', 'in', removed)
            .execute();
        if (added.length || removed.length)
          await audit.record(trx, actor, {
            action: 'update',
            entity: 'voc_item_tags',
            entityId: itemId,
            before: { itemType: type, tagIds: [...had] },
            after: { itemType: type, tagIds: wanted },
          });
        const tags = await trx
          .selectFrom('voc_tag_links as l')
          .innerJoin('voc_tags as t', 't.id', 'l.tag_id')
          .select(['t.id', 't.category_id', 't.name_zh', 't.name_en'])
          .where('l.item_type', '=', type)
          .where('l.item_id', '=', itemId)
          .orderBy('t.name_en')
          .execute();
        return {
          itemType: type,
          itemId,
          tags: tags.map((t) => ({ id: t.id, categoryId: t.category_id, nameZh: t.name_zh, nameEn: t.name_en })),
        };
      });
    },
  };
}
export type TaxonomyService = ReturnType<typeof createTaxonomyService>;
