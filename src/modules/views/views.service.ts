import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { notFound } from '../../http/errors.js';
import type { ViewInput } from '../../shared/views.js';
import type { Actor } from '../audit/actor.js';

/** Saved views: a person's named list settings (search, filters, sort, segment). Personal, so not audited. */
export function createViewService({ db }: { db: Kysely<DB> }) {
  /** Only people have saved views; API tokens see none. */
  const ownerOf = (actor: Actor) => (actor.type === 'user' && actor.id ? actor.id : undefined);
  const columns = ['id', 'page', 'name', 'state', 'created_at'] as const;

  return {
    async list(actor: Actor, page: string) {
      const userId = ownerOf(actor);
      if (!userId) return [];
      return db
        .selectFrom('saved_views')
        .select(columns)
        .where('user_id', '=', userId)
        .where('page', '=', page)
        .orderBy('name')
        .execute();
    },

    async create(actor: Actor, input: ViewInput) {
      const userId = ownerOf(actor);
      if (!userId) throw notFound('user');
      return db
        .insertInto('saved_views')
        .values({ user_id: userId, page: input.page, name: input.name, state: JSON.stringify(input.state) })
        .returning(columns)
        .executeTakeFirstOrThrow();
    },

    async remove(actor: Actor, id: string) {
      const userId = ownerOf(actor);
      const deleted = userId
        ? await db
            .deleteFrom('saved_views')
            .where('id', '=', id)
            .where('user_id', '=', userId)
            .returning('id')
            .executeTakeFirst()
        : undefined;
      if (!deleted) throw notFound('view');
    },
  };
}

export type ViewService = ReturnType<typeof createViewService>;
