import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { type JourneyDefinition, type JourneyStep, journeyDefinitionSchema } from '../../shared/journeys.js';
import type { Mover } from './journeys.types.js';
import { runStep, type StepDeps } from './journeys.steps.js';

/** Participants one worker claims at a time; each step then runs once for the whole batch. */
export const BATCH_SIZE = 500;
/** How long a claim lasts: a worker that dies holding participants lets them go after this. */
export const CLAIM_SECONDS = 5 * 60;
const ERROR_RETRY_MS = 5 * 60_000;

export type EngineDeps = StepDeps & { clock: Clock; log?: (error: unknown, stepId: string) => void };

interface ClaimedRow {
  id: string;
  journey_id: string;
  version: number;
  account_id: string;
  contact_id: string | null;
  step_id: string | null;
  step_started_at: Date;
  passed: string[];
  status: Mover['status'];
  next_at: Date | null;
  polls: boolean;
}

/**
 * Claims up to `limit` participants due now in running journeys (a wait over, a send to make, an event or
 * condition to look at) for this worker: `for update skip locked` so concurrent workers take different rows,
 * and a lease so a crashed worker's rows come back.
 */
async function claim(db: Kysely<DB>, now: Date, token: string, limit: number): Promise<ClaimedRow[]> {
  const until = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  const { rows } = await sql<ClaimedRow>`
    update journey_participants p set claim_token = ${token}, claimed_until = ${until},
      claimed_by = current_setting('application_name', true)
    where p.id in (
      select q.id from journey_participants q join journeys j on j.id = q.journey_id and j.status = 'active'
      where q.left_at is null and q.next_at <= ${now}
        and (q.claimed_until is null or q.claimed_until < ${now})
      order by q.next_at nulls last
      limit ${limit}
      for update of q skip locked)
    returning p.id, p.journey_id, p.version, p.account_id, p.contact_id, p.step_id, p.step_started_at, p.passed,
      p.status, p.next_at, p.polls`.execute(db);
  return rows;
}

async function definitions(db: Kysely<DB>, rows: { journey_id: string; version: number }[]) {
  const keys = [...new Set(rows.map((r) => `${r.journey_id}:${r.version}`))];
  const found = await db
    .selectFrom('journey_versions')
    .select(['journey_id', 'version', 'definition'])
    .where(sql<string>`journey_id::text || ':' || version`, '=', sql<string>`any(${keys}::text[])`)
    .execute();
  return new Map(
    found.map((v) => [
      `${v.journey_id}:${v.version}`,
      journeyDefinitionSchema.parse(v.definition) as JourneyDefinition,
    ]),
  );
}

const toMover = (r: ClaimedRow): Mover => ({
  id: r.id,
  journeyId: r.journey_id,
  version: r.version,
  accountId: r.account_id,
  contactId: r.contact_id,
  stepId: r.step_id,
  stepStartedAt: new Date(r.step_started_at),
  passed: [...(r.passed ?? [])],
  status: r.status,
  nextAt: r.next_at ? new Date(r.next_at) : null,
  polls: r.polls,
  leftAt: null,
  leftReason: null,
});

/**
 * Moves a claimed batch as far as it goes now: the participants at the same step of the same version run
 * that step together, and those that move on run their next step in the next round, until every one waits
 * or has left. The steps form a DAG, so rounds end within the number of steps.
 */
async function advance(deps: EngineDeps, movers: Mover[], defs: Map<string, JourneyDefinition>, now: Date) {
  let moving = movers;
  for (let round = 0; moving.length && round <= 100; round++) {
    const groups = new Map<string, { step: JourneyStep; definition: JourneyDefinition; movers: Mover[] }>();
    for (const m of moving) {
      const definition = defs.get(`${m.journeyId}:${m.version}`);
      const step = definition?.steps.find((s) => s.id === m.stepId);
      if (!definition || !step) {
        Object.assign(m, { status: 'exited', leftAt: now, leftReason: 'step_missing', nextAt: null, polls: false });
        continue;
      }
      const key = `${m.journeyId}:${m.version}:${step.id}`;
      const group = groups.get(key) ?? { step, definition, movers: [] };
      group.movers.push(m);
      groups.set(key, group);
    }
    const next: Mover[] = [];
    for (const { step, definition, movers: group } of groups.values()) {
      const outcomes = await runStep(deps, step, group, { definition, now }).catch((error: unknown) => {
        // A step that cannot run now (a template deleted since publishing, a database hiccup) holds its
        // participants for a few minutes instead of failing the whole batch again and again.
        deps.log?.(error, step.id);
        const until = new Date(now.getTime() + ERROR_RETRY_MS);
        return new Map(group.map((m) => [m.id, { kind: 'hold', until, polls: false } as const]));
      });
      for (const m of group) {
        const outcome = outcomes.get(m.id)!;
        if (outcome.kind === 'hold') {
          Object.assign(m, { status: 'waiting', nextAt: outcome.until, polls: outcome.polls });
          continue;
        }
        m.passed.push(step.id);
        if (outcome.kind === 'leave' || outcome.next === null) {
          const reason = outcome.kind === 'leave' ? outcome.reason : 'completed';
          Object.assign(m, { status: 'completed', leftAt: now, leftReason: reason, nextAt: null, polls: false });
          continue;
        }
        Object.assign(m, { stepId: outcome.next, stepStartedAt: now, status: 'active', nextAt: now, polls: false });
        next.push(m);
      }
    }
    moving = next;
  }
}

/** Writes a batch back in one statement, only while this worker's claim holds and nobody took it out meanwhile. */
async function writeBack(db: Kysely<DB>, token: string, movers: Mover[]) {
  if (!movers.length) return;
  const col = <T>(f: (m: Mover) => T) => movers.map(f);
  await sql`
    update journey_participants p set step_id = t.step_id, status = t.status, next_at = t.next_at, polls = t.polls,
      step_started_at = t.started, passed = t.passed::text[], left_at = t.left_at, left_reason = t.left_reason,
      claim_token = null, claimed_until = null, claimed_by = null
    from unnest(${col((m) => m.id)}::uuid[], ${col((m) => m.stepId)}::text[], ${col((m) => m.status)}::text[],
      ${col((m) => m.nextAt?.toISOString() ?? null)}::timestamptz[], ${col((m) => m.polls)}::boolean[],
      ${col((m) => m.stepStartedAt.toISOString())}::timestamptz[], ${col((m) => `{${m.passed.map((s) => `"${s}"`).join(',')}}`)}::text[],
      ${col((m) => m.leftAt?.toISOString() ?? null)}::timestamptz[], ${col((m) => m.leftReason)}::text[])
      as t(id, step_id, status, next_at, polls, started, passed, left_at, left_reason)
    where p.id = t.id and p.claim_token = ${token} and p.left_at is null`.execute(db);
}

/**
 * Advances every due participant, batch after batch, until none is due (or `maxBatches` per loop). With
 * `concurrency` > 1 that many loops claim and move batches side by side (sends overlap their network
 * waits); safe on any number of workers at once. Returns how many participants were looked at.
 */
export async function advanceDue(
  deps: EngineDeps,
  options: { batchSize?: number; maxBatches?: number; concurrency?: number } = {},
): Promise<number> {
  const loop = async () => {
    let total = 0;
    for (let batch = 0; batch < (options.maxBatches ?? 1000); batch++) {
      const now = deps.clock.now();
      const token = randomUUID();
      const rows = await claim(deps.db, now, token, options.batchSize ?? BATCH_SIZE);
      if (!rows.length) break;
      const movers = rows.map(toMover);
      await advance(deps, movers, await definitions(deps.db, rows), now);
      await writeBack(deps.db, token, movers);
      total += rows.length;
    }
    return total;
  };
  const loops = await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop));
  return loops.reduce((a, b) => a + b, 0);
}
