import { type Kysely, type Selectable, sql } from 'kysely';
import type { CtasTable, DB } from '../../db/types.js';
import type { ManualCtaInput } from '../../shared/ctas.js';
import { liveAccounts } from '../accounts/accounts.read.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TimelineService } from '../timeline/timeline.service.js';
import { openCtaFacts } from './ctas.read.js';
import type { CtaDeps } from './ctas.service.js';
import { insertPlaybookTasks } from './events.js';

/** A CTA to open by hand or for another module; `key` makes it once per account (a journey step's firing). */
export type CtaToOpen = ManualCtaInput & { key?: string };

interface OpenDeps {
  db: Kysely<DB>;
  now: Date;
  today: string;
  audit: Pick<AuditService, 'recordMany'>;
  timeline: Pick<TimelineService, 'recordMany'>;
  facts?: CtaDeps['facts'];
}

/** Rows a statement: 14 parameters a row stay far below PostgreSQL's 65,535. */
const CHUNK = 2000;

/**
 * Opens many CTAs in one transaction, set-based: one insert a chunk, the playbook tasks, timeline
 * and audit rows and the account facts each in a few statements. A keyed CTA already opened (the
 * same account and key, migration 0052) is not opened again: the answer gives its id, so a step
 * run again after a crash changes nothing. Returns, in input order, the CTA of each input (undefined
 * where its account is missing or deleted) and the rows opened now (for the opened event).
 */
export async function openCtas(deps: OpenDeps, actor: Actor, inputs: readonly CtaToOpen[]) {
  if (!inputs.length) return { ctaIds: [], opened: [] };
  const accounts = await deps.db
    .selectFrom(liveAccounts(deps.db).as('a'))
    .select(['id', 'owner_id'])
    .where('id', 'in', [...new Set(inputs.map((i) => i.accountId))])
    .execute();
  const owners = new Map(accounts.map((a) => [a.id, a.owner_id]));
  const wanted = inputs.filter((i) => owners.has(i.accountId));
  const opened = await deps.db.transaction().execute(async (trx) => {
    const rows: Selectable<CtasTable>[] = [];
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      rows.push(
        ...(await trx
          .insertInto('ctas')
          .values(
            chunk.map((input) => ({
              account_id: input.accountId,
              fact_key: input.key ?? null,
              type: input.type,
              reason_key: 'ctas.reason.manual',
              reason_params: JSON.stringify({}),
              title: input.title,
              priority: input.priority,
              owner_id: input.ownerId === undefined ? (owners.get(input.accountId) ?? userIdOf(actor)) : input.ownerId,
              due_on: input.dueOn,
              playbook_id: input.playbookId ?? null,
              created_by: userIdOf(actor),
              opened_at: deps.now,
              updated_at: deps.now,
            })),
          )
          // Only keyed rows can meet the unique index (account, key) of CTAs not opened by a rule.
          .onConflict((oc) =>
            oc
              .columns(['account_id', 'fact_key'])
              .where('rule_id', 'is', null)
              .where('fact_key', 'is not', null)
              .doNothing(),
          )
          .returningAll()
          .execute()),
      );
    }
    if (!rows.length) return rows;
    const byPlaybook = new Map<string, string[]>();
    for (const row of rows)
      if (row.playbook_id) byPlaybook.set(row.playbook_id, [...(byPlaybook.get(row.playbook_id) ?? []), row.id]);
    for (const [playbookId, ids] of byPlaybook) await insertPlaybookTasks(trx, playbookId, ids, deps.today);
    await deps.timeline.recordMany(
      trx,
      rows.map((cta) => ({
        actor,
        accountId: cta.account_id,
        activity: {
          type: 'system' as const,
          occurredAt: deps.now,
          data: { key: 'ctas.timeline.openedManual', params: { ctaId: cta.id, title: cta.title, ctaType: cta.type } },
        },
      })),
    );
    await deps.audit.recordMany(
      trx,
      actor,
      rows.map((cta) => ({ action: 'create' as const, entity: 'cta', entityId: cta.id, after: cta })),
    );
    const touched = [...new Set(rows.map((r) => r.account_id))];
    await deps.facts?.writeFacts('ctas', openCtaFacts(touched), touched, trx);
    return rows;
  });

  // Keyed inputs that met a CTA opened before: find theirs, one statement.
  const keyOf = (accountId: string, key: string) => `${accountId}|${key}`;
  const ids = new Map(opened.filter((r) => r.fact_key).map((r) => [keyOf(r.account_id, r.fact_key!), r.id]));
  const missing = wanted.filter((i) => i.key && !ids.has(keyOf(i.accountId, i.key)));
  if (missing.length) {
    const { rows } = await sql<{ id: string; account_id: string; fact_key: string }>`
      select c.id, c.account_id, c.fact_key from ctas c
      join unnest(${missing.map((m) => m.accountId)}::uuid[], ${missing.map((m) => m.key!)}::text[]) as k (account_id, key)
        on c.account_id = k.account_id and c.fact_key = k.key
      where c.rule_id is null`.execute(deps.db);
    for (const r of rows) ids.set(keyOf(r.account_id, r.fact_key), r.id);
  }
  // Unkeyed inputs take the unkeyed rows in order (the insert returns them in the order given).
  const unkeyed = opened.filter((r) => !r.fact_key);
  let next = 0;
  const ctaIds = inputs.map((input) => {
    if (!owners.has(input.accountId)) return undefined;
    return input.key ? ids.get(keyOf(input.accountId, input.key)) : unkeyed[next++]?.id;
  });
  return { ctaIds, opened };
}
