import { sql, type Transaction } from 'kysely';
import type { Contact, DB } from '../../db/types.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ContactUpsert } from './contacts.types.js';

const FIELDS = {
  externalId: 'external_id',
  name: 'name',
  email: 'email',
  phone: 'phone',
  title: 'title',
  role: 'role',
  isPrimary: 'is_primary',
} as const;
const COMPARED = Object.values(FIELDS);
const CHUNK = 2000;

const keyOf = (r: { accountId: string; externalId?: string; email?: string }) =>
  r.externalId ? `${r.accountId}|x|${r.externalId}` : `${r.accountId}|e|${r.email!.toLowerCase()}`;

/** Contact ids by `${accountId}|${lower(email)}`, for answers that name a contact by email. */
export async function idsByEmails(
  trx: Transaction<DB>,
  pairs: readonly { accountId: string; email: string }[],
): Promise<Map<string, string>> {
  if (!pairs.length) return new Map();
  const rows = await sql<{ id: string; account_id: string; email: string }>`
    select distinct on (c.account_id, lower(c.email)) c.id, c.account_id, lower(c.email) as email
    from contacts c join unnest(${pairs.map((p) => p.accountId)}::uuid[], ${pairs.map((p) => p.email.toLowerCase())}::text[]) as s(account_id, email)
      on c.account_id = s.account_id and lower(c.email) = s.email
    where c.deleted_at is null
    order by c.account_id, lower(c.email), c.is_primary desc, c.created_at`.execute(trx);
  return new Map(rows.rows.map((r) => [`${r.account_id}|${r.email}`, r.id]));
}

/**
 * Upserts contacts in set-based statements. A contact the row would not change is left alone,
 * so a re-import changes nothing; making one primary demotes the account's other primaries.
 */
export async function upsertMany(
  trx: Transaction<DB>,
  audit: Pick<AuditService, 'recordMany'>,
  actor: Actor,
  input: readonly ContactUpsert[],
  now: Date,
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  const merged = new Map<string, ContactUpsert>();
  for (const row of input) {
    const key = keyOf(row);
    const prev = merged.get(key);
    merged.delete(key);
    merged.set(
      key,
      prev ? { ...prev, ...Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) } : row,
    );
  }
  const all = [...merged.values()];
  for (let i = 0; i < all.length; i += CHUNK) {
    // One primary per account: of the rows claiming it, the last one wins, every time.
    const lastPrimary = new Map<string, ContactUpsert>();
    for (const r of all.slice(i, i + CHUNK)) if (r.isPrimary) lastPrimary.set(r.accountId, r);
    const rows = all
      .slice(i, i + CHUNK)
      .map((r) => (r.isPrimary && lastPrimary.get(r.accountId) !== r ? { ...r, isPrimary: false } : r));
    const candidates = await sql<Contact>`
      select c.* from contacts c
      where c.deleted_at is null and c.account_id = any(${[...new Set(rows.map((r) => r.accountId))]}::uuid[])
        and (c.external_id = any(${rows.filter((r) => r.externalId).map((r) => r.externalId!)}::text[])
          or lower(c.email) = any(${rows.filter((r) => r.email).map((r) => r.email!.toLowerCase())}::text[]))`.execute(
      trx,
    );
    const byExternal = new Map<string, Contact>();
    const byEmail = new Map<string, Contact>();
    for (const c of candidates.rows) {
      if (c.external_id) byExternal.set(`${c.account_id}|${c.external_id}`, c);
      if (c.email && (!c.external_id || !byEmail.has(`${c.account_id}|${c.email.toLowerCase()}`)))
        byEmail.set(`${c.account_id}|${c.email.toLowerCase()}`, c);
    }

    // The contact each explicit "primary" row ended up as: it keeps the flag, the others lose it.
    const primaries = new Map<string, string>();
    const inserts: ContactUpsert[] = [];
    const changes: { before: Contact; after: Contact }[] = [];
    const claimed = new Set<string>();
    for (const r of rows) {
      let match = r.externalId ? byExternal.get(`${r.accountId}|${r.externalId}`) : undefined;
      // By email only a contact without another external id, and each contact only once.
      const byMail = r.email ? byEmail.get(`${r.accountId}|${r.email.toLowerCase()}`) : undefined;
      if (!match && byMail && (!byMail.external_id || !r.externalId)) match = byMail;
      if (!match || claimed.has(match.id)) {
        inserts.push(r);
        continue;
      }
      claimed.add(match.id);
      if (r.isPrimary) primaries.set(r.accountId, match.id);
      const after = { ...match } as Record<string, unknown>;
      for (const [key, column] of Object.entries(FIELDS)) {
        const value = r[key as keyof ContactUpsert];
        if (value !== undefined) after[column] = value;
      }
      if (COMPARED.some((c) => after[c] !== match[c]))
        changes.push({ before: match, after: after as unknown as Contact });
    }

    if (inserts.length) {
      const inserted = await trx
        .insertInto('contacts')
        .values(
          inserts.map((r) => ({
            account_id: r.accountId,
            external_id: r.externalId ?? null,
            name: r.name,
            email: r.email ?? null,
            phone: r.phone ?? null,
            title: r.title ?? null,
            role: r.role ?? null,
            is_primary: r.isPrimary ?? false,
            created_at: now,
            updated_at: now,
          })),
        )
        .returningAll()
        .execute();
      await audit.recordMany(
        trx,
        actor,
        inserted.map((row) => ({ action: 'create', entity: 'contact', entityId: row.id, after: row })),
      );
      created += inserted.length;
      const insertedByKey = new Map(
        inserted.map((c) => [
          keyOf({ accountId: c.account_id, externalId: c.external_id ?? undefined, email: c.email ?? undefined }),
          c.id,
        ]),
      );
      for (const r of inserts) if (r.isPrimary) primaries.set(r.accountId, insertedByKey.get(keyOf(r))!);
    }
    if (changes.length) {
      const col = <K extends keyof Contact>(k: K) => changes.map((c) => c.after[k]);
      const result = await sql<Contact>`
        update contacts c set external_id = s.external_id, name = s.name, email = s.email, phone = s.phone, title = s.title,
          role = s.role, is_primary = s.is_primary, updated_at = ${now}
        from unnest(${col('id')}::uuid[], ${col('external_id')}::text[], ${col('name')}::text[], ${col('email')}::text[], ${col('phone')}::text[],
          ${col('title')}::text[], ${col('role')}::text[], ${col('is_primary')}::boolean[])
          as s(id, external_id, name, email, phone, title, role, is_primary)
        where c.id = s.id
        returning c.*`.execute(trx);
      const before = new Map(changes.map((c) => [c.before.id, c.before]));
      await audit.recordMany(
        trx,
        actor,
        result.rows.map((row) => ({
          action: 'update',
          entity: 'contact',
          entityId: row.id,
          before: before.get(row.id),
          after: row,
        })),
      );
      updated += result.rows.length;
    }

    if (primaries.size) {
      await sql`
        update contacts c set is_primary = false, updated_at = ${now}
        from unnest(${[...primaries.keys()]}::uuid[], ${[...primaries.values()]}::uuid[]) as s(account_id, keep)
        where c.account_id = s.account_id and c.id <> s.keep and c.is_primary`.execute(trx);
    }
  }
  return { created, updated };
}
