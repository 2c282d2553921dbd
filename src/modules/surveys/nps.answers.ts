import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB, NpsResponsesTable } from '../../db/types.js';
import { invalidField } from '../../http/errors.js';
import type { SignalService } from '../../jobs/signals.js';
import { type NpsAnswerInput, type NpsResponseView, npsCategory } from '../../shared/surveys.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Selectable } from 'kysely';
import { pageLimit, pageOffset } from '../../db/page-window.js';

/**
 * The contacts a record may name, as the contacts service answers (wired in services.ts); described
 * here rather than imported so this module does not depend on contacts, which depends on the timeline
 * that reads this module's read model.
 */
export interface ContactLookup {
  get(accountId: string, id: string): Promise<{ name: string }>;
  list(accountId: string): Promise<{ id: string; name: string }[]>;
}

export interface NpsAnswerDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: Pick<AuditService, 'record'>;
  contacts: ContactLookup;
  /** A detractor answer recorded through the API opens the detractor CTA as an imported one does. */
  signals?: Pick<SignalService, 'accountsChanged'>;
}

const toView = (row: Selectable<NpsResponsesTable>, contactName: string | null): NpsResponseView => ({
  id: row.id,
  accountId: row.account_id,
  externalId: row.external_id,
  contactId: row.contact_id,
  contactName,
  score: row.score,
  category: npsCategory(row.score),
  comment: row.comment,
  respondedAt: new Date(row.responded_at as Date),
});

/** NPS answers one at a time, through the API: the account's list and recording an answer. */
export function createNpsAnswers({ db, clock, audit, contacts, signals }: NpsAnswerDeps) {
  return {
    async list(accountId: string, page: { page: number; pageSize: number }) {
      const q = db.selectFrom('nps_responses').where('account_id', '=', accountId);
      const [rows, total, people] = await Promise.all([
        q
          .selectAll()
          .orderBy('responded_at', 'desc')
          .orderBy('id')
          .limit(pageLimit(page))
          .offset(pageOffset(page))
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
        contacts.list(accountId),
      ]);
      const names = new Map(people.map((c) => [c.id, c.name]));
      return {
        items: rows.map((r) => toView(r, r.contact_id ? (names.get(r.contact_id) ?? null) : null)),
        total: Number(total.n),
      };
    },

    /** An answer is a fact: a second one under the same external id is refused (409), never merged. */
    async record(actor: Actor, accountId: string, input: NpsAnswerInput): Promise<NpsResponseView> {
      let contactName: string | null = null;
      if (input.contactId) {
        try {
          contactName = (await contacts.get(accountId, input.contactId)).name;
        } catch {
          throw invalidField(['body', 'contactId'], 'errors.contactNotOnAccount');
        }
      }
      const now = clock.now();
      const respondedAt = input.respondedAt ? new Date(input.respondedAt) : now;
      if (respondedAt > now) throw invalidField(['body', 'respondedAt'], 'errors.notInFuture');
      const row = await db.transaction().execute(async (trx) => {
        const stored = await trx
          .insertInto('nps_responses')
          .values({
            account_id: accountId,
            external_id: input.externalId ?? null,
            contact_id: input.contactId ?? null,
            score: input.score,
            comment: input.comment ?? null,
            responded_at: respondedAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, {
          action: 'create',
          entity: 'nps_response',
          entityId: stored.id,
          after: stored,
        });
        return stored;
      });
      await signals?.accountsChanged([accountId], 'api');
      return toView(row, contactName);
    },
  };
}
