import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import {
  type JourneyDefinition,
  type JourneySummary,
  type JourneyView,
  journeyDefinitionSchema,
  type ParticipantView,
} from '../../shared/journeys.js';
import { accountRows } from '../accounts/accounts.read.js';
import { contactRows } from '../contacts/contacts.read.js';

type JourneyRow = {
  id: string;
  name: string;
  description: string;
  status: JourneySummary['status'];
  draft: unknown;
  version: number | null;
  updated_at: Date;
  published: unknown;
  in_journey: number | null;
  completed: number | null;
  exited: number | null;
};

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Journeys with their published definition and participant counts, one statement. */
export function journeyRows(_db: Kysely<DB>, filter: { id?: string; status?: string; q?: string } = {}) {
  return sql<JourneyRow>`
    select j.id, j.name, j.description, j.status, j.draft, j.version, j.updated_at, v.definition as published,
      n.in_journey, n.completed, n.exited
    from journeys j
    left join journey_versions v on v.journey_id = j.id and v.version = j.version
    left join lateral (
      select count(*) filter (where p.left_at is null)::int as in_journey,
        count(*) filter (where p.status = 'completed')::int as completed,
        count(*) filter (where p.status = 'exited')::int as exited
      from journey_participants p where p.journey_id = j.id) n on true
    where true ${filter.id ? sql`and j.id = ${filter.id}` : sql``}
      ${filter.status ? sql`and j.status = ${filter.status}` : sql``}
      ${filter.q ? sql`and j.name ilike ${like(filter.q)}` : sql``}
    order by j.updated_at desc, j.id`;
}

export function toSummary(r: JourneyRow): JourneySummary {
  const draft = journeyDefinitionSchema.parse(r.draft);
  const published = r.published ? journeyDefinitionSchema.parse(r.published) : null;
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status,
    scope: (published ?? draft).scope,
    entryKind: (published ?? draft).entry.kind,
    version: r.version,
    hasUnpublishedChanges: !published || JSON.stringify(published) !== JSON.stringify(draft),
    inJourney: r.in_journey ?? 0,
    completed: r.completed ?? 0,
    exited: r.exited ?? 0,
    updatedAt: new Date(r.updated_at),
  };
}

/** The full view: draft, published definition, versions and per-step counts of the published version. */
export async function journeyView(db: Kysely<DB>, r: JourneyRow): Promise<JourneyView> {
  const versions = await db
    .selectFrom('journey_versions')
    .select(['version', 'published_at', 'published_by'])
    .where('journey_id', '=', r.id)
    .orderBy('version', 'desc')
    .execute();
  const { rows: stats } = await sql<{ step_id: string; current: number; passed: number }>`
    select s.step_id, sum(s.current)::int as current, sum(s.passed)::int as passed from (
      select p.step_id, 1 as current, 0 as passed from journey_participants p
        where p.journey_id = ${r.id} and p.left_at is null and p.step_id is not null
      union all
      select unnest(p.passed), 0, 1 from journey_participants p where p.journey_id = ${r.id}) s
    group by s.step_id`.execute(db);
  const published: JourneyDefinition | null = r.published ? journeyDefinitionSchema.parse(r.published) : null;
  const byStep = new Map(stats.map((s) => [s.step_id, s]));
  return {
    ...toSummary(r),
    draft: journeyDefinitionSchema.parse(r.draft),
    published,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: new Date(v.published_at),
      publishedBy: v.published_by,
    })),
    steps: (published?.steps ?? []).map((s) => ({
      stepId: s.id,
      current: byStep.get(s.id)?.current ?? 0,
      passed: byStep.get(s.id)?.passed ?? 0,
    })),
  };
}

type ParticipantRow = {
  id: string;
  account_id: string;
  account_name: string;
  contact_id: string | null;
  contact_name: string | null;
  version: number;
  step_id: string | null;
  status: ParticipantView['status'];
  next_at: Date | null;
  entered_at: Date;
  left_at: Date | null;
  left_reason: string | null;
  journey_id: string;
  journey_name: string;
};

export const toParticipant = (r: ParticipantRow): ParticipantView => ({
  id: r.id,
  accountId: r.account_id,
  accountName: r.account_name,
  contactId: r.contact_id,
  contactName: r.contact_name,
  version: r.version,
  stepId: r.step_id,
  status: r.status,
  nextAt: r.next_at ? new Date(r.next_at) : null,
  enteredAt: new Date(r.entered_at),
  leftAt: r.left_at ? new Date(r.left_at) : null,
  leftReason: r.left_reason,
});

/** Participants with their account's and contact's names; `where` narrows (journey, account, filters). */
export function participantRows(
  db: Kysely<DB>,
  filter: { journeyId?: string; accountId?: string; status?: string; stepId?: string; q?: string },
) {
  return sql<ParticipantRow>`
    from journey_participants p
    join journeys j on j.id = p.journey_id
    join ${accountRows(db)} a on a.id = p.account_id
    left join ${contactRows(db)} c on c.id = p.contact_id
    where true ${filter.journeyId ? sql`and p.journey_id = ${filter.journeyId}` : sql``}
      ${filter.accountId ? sql`and p.account_id = ${filter.accountId}` : sql``}
      ${filter.status ? sql`and p.status = ${filter.status}` : sql``}
      ${filter.stepId ? sql`and p.step_id = ${filter.stepId}` : sql``}
      ${filter.q ? sql`and (a.name ilike ${like(filter.q)} or c.name ilike ${like(filter.q)})` : sql``}`;
}

export const PARTICIPANT_COLUMNS = sql`p.id, p.account_id, a.name as account_name, p.contact_id, c.name as contact_name,
  p.version, p.step_id, p.status, p.next_at, p.entered_at, p.left_at, p.left_reason, p.journey_id, j.name as journey_name`;
