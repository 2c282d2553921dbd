import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * The voc read model of tags on NPS answers, for the survey report's verbatims (src/services.ts passes it to
 * surveys, which voc reads, so surveys cannot import it): NPS answer id → its tags, in one statement.
 */
export function npsAnswerTags(db: Kysely<DB>) {
  return async (npsResponseIds: string[]) => {
    const out = new Map<string, { id: string; nameZh: string; nameEn: string }[]>();
    if (!npsResponseIds.length) return out;
    const rows = await db
      .selectFrom('voc_tag_links as l')
      .innerJoin('voc_tags as t', 't.id', 'l.tag_id')
      .select(['l.item_id', 't.id', 't.name_zh', 't.name_en'])
      .where('l.item_type', '=', 'nps')
      .where('l.item_id', 'in', npsResponseIds)
      .orderBy('t.name_en')
      .execute();
    for (const r of rows)
      out.set(r.item_id, [...(out.get(r.item_id) ?? []), { id: r.id, nameZh: r.name_zh, nameEn: r.name_en }]);
    return out;
  };
}
