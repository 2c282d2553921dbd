import { sql } from 'kysely';
import { AppError, notFound } from '../../http/errors.js';
import {
  type JourneyDefinition,
  type JourneyInput,
  journeyDefinitionSchema,
  type JourneyStatus,
} from '../../shared/journeys.js';
import { type Actor, userIdOf } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { contactRows } from '../contacts/contacts.read.js';
import { segmentRows } from '../segments/segments.read.js';
import type { SegmentService } from '../segments/segments.service.js';
import { trackedEvents } from '../usage/usage.read.js';
import { advanceDue, type EngineDeps } from './journeys.engine.js';
import { currentAccounts, enrol, leaveMatching, type Published } from './journeys.enrol.js';
import {
  journeyRows,
  journeyView,
  PARTICIPANT_COLUMNS,
  participantRows,
  toParticipant,
  toSummary,
} from './journeys.read.js';
import { CONTACT_FIELDS } from './journeys.steps.js';
import { validateDefinition } from './journeys.validate.js';
import { invalidField } from '../../http/errors.js';
import { pageLimit, pageOffset } from '../../db/page-window.js';

export type JourneyDeps = Omit<EngineDeps, 'segments'> & {
  audit: Pick<AuditService, 'record'>;
  segments: Pick<SegmentService, 'memberIds' | 'setManualMembers'>;
  /** Queues a run of the engine (after publish, enrol, resume); runs it inline where there is no queue. */
  jobs: { send(name: 'journeys-advance', payload: Record<string, never>): Promise<unknown> };
};

/** Event entry reads events received at least this long ago (see enrolFromEvents). */
const EVENT_SETTLE_MS = 5_000;
const notRunning = () => new AppError(409, 'journey_not_running', 'errors.journeyNotRunning');

/**
 * Journeys (docs/journeys.md): drafts, published versions, enrolment and the engine's run — entries by
 * segment and event, exit criteria, then every due participant advanced in claimed batches.
 */
export function createJourneyService(deps: JourneyDeps) {
  const { db, clock, audit } = deps;

  async function row(id: string) {
    const { rows } = await journeyRows(db, { id }).execute(db);
    if (!rows[0]) throw notFound('journey');
    return rows[0];
  }
  const view = async (id: string) => journeyView(db, await row(id));

  async function check(input: JourneyInput) {
    const definition = journeyDefinitionSchema.parse(input.definition);
    await validateDefinition(definition, {
      templateIds: async () => new Set((await deps.messaging().templates.list()).map((t) => t.id)),
      surveyIds: async () => new Set((await deps.surveys.list()).filter((s) => s.active).map((s) => s.id)),
      segmentIds: async () =>
        new Set((await db.selectFrom(segmentRows(db).as('s')).select('s.id').execute()).map((s) => s.id)),
    });
    definition.steps.forEach((step, i) => {
      if (
        step.kind === 'update_field' &&
        step.target === 'contact' &&
        !(CONTACT_FIELDS as readonly string[]).includes(step.key)
      )
        throw invalidField(['body', 'definition', 'steps', i, 'key'], 'errors.journeyContactField', {
          fields: CONTACT_FIELDS.join(', '),
        });
    });
    return definition;
  }

  async function published(id: string): Promise<(Published & { status: JourneyStatus }) | undefined> {
    const r = await row(id);
    if (!r.published || r.version === null) return undefined;
    return { id, version: r.version, definition: journeyDefinitionSchema.parse(r.published), status: r.status };
  }

  async function setStatus(actor: Actor, id: string, from: JourneyStatus[], to: JourneyStatus) {
    const r = await row(id);
    if (!from.includes(r.status) || r.version === null) throw notRunning();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('journeys').set({ status: to, updated_at: clock.now() }).where('id', '=', id).execute();
      await audit.record(trx, actor, {
        action: 'update',
        entity: 'journey',
        entityId: id,
        before: { status: r.status },
        after: { status: to },
      });
    });
  }

  /** Leaves out the accounts that already meet the exit criteria: they would leave at once (and come back). */
  async function withoutExiting(definition: JourneyDefinition, accountIds: string[]) {
    if (!definition.exitWhen || !accountIds.length) return accountIds;
    const matched = await deps.accounts.ruleSetsMatched([{ id: 'exit', ...definition.exitWhen }], accountIds);
    return accountIds.filter((a) => !matched.has(a));
  }

  async function enrolNow(journey: Published, who: { accountIds?: string[]; contactIds?: string[] }) {
    const accountIds = await withoutExiting(journey.definition, who.accountIds ?? []);
    let contactIds = who.contactIds ?? [];
    if (contactIds.length && journey.definition.exitWhen) {
      const rows = await db
        .selectFrom(contactRows(db).as('c'))
        .select(['c.id', 'c.account_id'])
        .where('c.id', 'in', contactIds)
        .execute();
      const allowed = new Set(await withoutExiting(journey.definition, [...new Set(rows.map((r) => r.account_id))]));
      contactIds = rows.filter((r) => allowed.has(r.account_id)).map((r) => r.id);
    }
    return enrol(db, journey, clock.now(), { accountIds, contactIds });
  }

  /**
   * Event entry: the events of the name received in [cursor, now − a few seconds) enrol their accounts (or,
   * in a contact journey, the contact whose external id is the event's user id); the cursor then moves to
   * the window's end, so each event is read once. The few seconds let a batch being stored (stamped before
   * its commit) land before its window is read.
   */
  async function enrolFromEvents(journey: Published & { event: string }, cursor: Date) {
    const upTo = new Date(clock.now().getTime() - EVENT_SETTLE_MS);
    if (upTo <= cursor) return;
    const { rows } = await sql<{ account_id: string; user_id: string | null }>`
      select distinct e.account_id, e.user_id from (${trackedEvents()}) e
      where e.event = ${journey.event} and e.received_at >= ${cursor} and e.received_at < ${upTo}`.execute(db);
    if (journey.definition.scope === 'account') await enrolNow(journey, { accountIds: rows.map((r) => r.account_id) });
    else {
      const users = rows.filter((r) => r.user_id);
      const { rows: contacts } = await sql<{ id: string }>`
        select c.id from ${contactRows(db)} c
        join unnest(${users.map((r) => r.account_id)}::uuid[], ${users.map((r) => r.user_id)}::text[]) as u(account_id, user_id)
          on c.account_id = u.account_id and c.external_id = u.user_id
        where c.deleted_at is null`.execute(db);
      await enrolNow(journey, { contactIds: contacts.map((c) => c.id) });
    }
    await db.updateTable('journeys').set({ event_cursor: upTo }).where('id', '=', journey.id).execute();
  }

  /** Entries and exit criteria of every running journey, set-based per journey. */
  async function entriesAndExits() {
    const running = await db
      .selectFrom('journeys as j')
      .innerJoin('journey_versions as v', (join) =>
        join.onRef('v.journey_id', '=', 'j.id').onRef('v.version', '=', 'j.version'),
      )
      .select(['j.id', 'j.version', 'j.event_cursor', 'v.definition', 'v.published_at'])
      .where('j.status', '=', 'active')
      .execute();
    for (const r of running) {
      const journey = { id: r.id, version: r.version!, definition: journeyDefinitionSchema.parse(r.definition) };
      const { entry, exitWhen } = journey.definition;
      if (exitWhen) {
        const current = await currentAccounts(db, journey.id);
        const matched = await deps.accounts.ruleSetsMatched([{ id: 'exit', ...exitWhen }], current);
        await leaveMatching(db, journey.id, [...matched.keys()], clock.now());
      }
      if (entry.kind === 'segment')
        await enrolNow(journey, { accountIds: await deps.segments.memberIds(entry.segmentId) });
      if (entry.kind === 'event')
        await enrolFromEvents({ ...journey, event: entry.event }, new Date(r.event_cursor ?? r.published_at));
    }
  }

  return {
    async list(query: { page: number; pageSize: number; status?: JourneyStatus; q?: string }) {
      const { rows } = await journeyRows(db, query).execute(db);
      const start = (query.page - 1) * query.pageSize;
      return { items: rows.slice(start, start + query.pageSize).map(toSummary), total: rows.length };
    },
    get: view,

    async create(actor: Actor, input: JourneyInput) {
      const definition = await check(input);
      const created = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('journeys')
          .values({
            name: input.name,
            description: input.description,
            draft: JSON.stringify(definition),
            created_by: userIdOf(actor),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(trx, actor, { action: 'create', entity: 'journey', entityId: inserted.id, after: input });
        return inserted;
      });
      return view(created.id);
    },

    async update(actor: Actor, id: string, input: JourneyInput) {
      const before = await row(id);
      const definition = await check(input);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('journeys')
          .set({
            name: input.name,
            description: input.description,
            draft: JSON.stringify(definition),
            updated_at: clock.now(),
          })
          .where('id', '=', id)
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'journey',
          entityId: id,
          before: { name: before.name, draft: before.draft },
          after: input,
        });
      });
      return view(id);
    },

    /**
     * Publishes the draft as the next version. Participants whose step exists in it move to it; the others
     * finish on the version they are on. The journey starts (a draft) or keeps its state (active, paused).
     */
    async publish(actor: Actor, id: string) {
      const before = await row(id);
      if (before.status === 'archived') throw notRunning();
      const definition = await check({
        name: before.name,
        description: before.description,
        definition: journeyDefinitionSchema.parse(before.draft),
      });
      const now = clock.now();
      const version = (before.version ?? 0) + 1;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('journey_versions')
          .values({
            journey_id: id,
            version,
            definition: JSON.stringify(definition),
            published_at: now,
            published_by: userIdOf(actor),
          })
          .execute();
        await trx
          .updateTable('journeys')
          .set({ version, status: before.status === 'paused' ? 'paused' : 'active', updated_at: now })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('journey_participants')
          .set({ version })
          .where('journey_id', '=', id)
          .where('left_at', 'is', null)
          .where(
            'step_id',
            'in',
            definition.steps.map((s) => s.id),
          )
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'journey',
          entityId: id,
          after: { published: version },
        });
      });
      await deps.jobs.send('journeys-advance', {});
      return view(id);
    },

    async pause(actor: Actor, id: string) {
      await setStatus(actor, id, ['active'], 'paused');
      return view(id);
    },
    async resume(actor: Actor, id: string) {
      await setStatus(actor, id, ['paused'], 'active');
      await deps.jobs.send('journeys-advance', {});
      return view(id);
    },
    /** Everyone still in it leaves (reason `archived`); nothing more is sent. */
    async archive(actor: Actor, id: string) {
      const before = await row(id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('journeys').set({ status: 'archived', updated_at: now }).where('id', '=', id).execute();
        await trx
          .updateTable('journey_participants')
          .set({ status: 'exited', left_at: now, left_reason: 'archived', next_at: null, polls: false })
          .where('journey_id', '=', id)
          .where('left_at', 'is', null)
          .execute();
        await audit.record(trx, actor, {
          action: 'update',
          entity: 'journey',
          entityId: id,
          before: { status: before.status },
          after: { status: 'archived' },
        });
      });
      return view(id);
    },

    /** By hand: re-entry rules apply; those refused (already in, exit criteria met, unknown) are counted as skipped. */
    async enrol(id: string, who: { accountIds?: string[]; contactIds?: string[] }) {
      const journey = await published(id);
      if (!journey || journey.status === 'archived') throw notRunning();
      const entered = await enrolNow(journey, who);
      if (entered.length) await deps.jobs.send('journeys-advance', {});
      const asked = new Set([...(who.accountIds ?? []), ...(who.contactIds ?? [])]).size;
      return { enrolled: entered.length, skipped: Math.max(0, asked - entered.length) };
    },

    async participants(
      id: string,
      query: { page: number; pageSize: number; status?: string; stepId?: string; q?: string },
    ) {
      await row(id);
      const from = participantRows(db, { journeyId: id, ...query });
      const [{ rows }, { rows: count }] = await Promise.all([
        sql<Parameters<typeof toParticipant>[0]>`select ${PARTICIPANT_COLUMNS} ${from}
          order by p.entered_at desc, p.id limit ${pageLimit(query)} offset ${pageOffset(query)}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n ${from}`.execute(db),
      ]);
      return { items: rows.map(toParticipant), total: count[0]?.n ?? 0 };
    },

    async removeParticipant(id: string, participantId: string) {
      const result = await db
        .updateTable('journey_participants')
        .set({ status: 'exited', left_at: clock.now(), left_reason: 'removed', next_at: null, polls: false })
        .where('id', '=', participantId)
        .where('journey_id', '=', id)
        .where('left_at', 'is', null)
        .executeTakeFirst();
      if (!Number(result.numUpdatedRows)) throw notFound('journeyParticipant');
    },

    async ofAccount(accountId: string) {
      const { rows } = await sql<Parameters<typeof toParticipant>[0]>`select ${PARTICIPANT_COLUMNS}
        ${participantRows(db, { accountId })} order by p.entered_at desc limit 200`.execute(db);
      return {
        items: rows.map((r) => ({ ...toParticipant(r), journeyId: r.journey_id, journeyName: r.journey_name })),
      };
    },

    /** Entries and exit criteria of running journeys; queues a run to move who entered. */
    async entriesAndExits() {
      await entriesAndExits();
      await deps.jobs.send('journeys-advance', {});
    },

    /** One run of the engine: entries and exit criteria of running journeys, then every due participant. */
    async run(options: { batchSize?: number; concurrency?: number } = {}) {
      await entriesAndExits();
      return advanceDue(deps, options);
    },
  };
}

export type JourneyService = ReturnType<typeof createJourneyService>;
