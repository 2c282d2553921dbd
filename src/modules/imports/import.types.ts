import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ImportColumn, ImportKind, ImportReport } from '../../shared/imports.js';
import type { AccountService } from '../accounts/accounts.service.js';
import type { Actor } from '../audit/actor.js';
import type { ContactService } from '../contacts/contacts.service.js';
import type { NpsService } from '../surveys/nps.service.js';
import type { SubscriptionService } from '../subscriptions/subscriptions.service.js';
import type { TicketService } from '../tickets/tickets.service.js';
import type { UsageService } from '../usage/usage.service.js';
import type { UserService } from '../users/users.service.js';

export type { ImportKind, ImportReport };

/** A refused row: where it is and why, the reason a catalog key rendered in the reader's language. */
export interface RowError {
  line: number;
  column: string | null;
  reason: string;
  params?: Record<string, unknown>;
}

/** A report before its reasons are put into words: stored as is, phrased for each reader. */
export type RawReport = Omit<ImportReport, 'refused'> & { refused: RowError[] };

/** The services an import writes through (narrow, so tests can pass fakes). */
export interface ImportWriters {
  accounts: Pick<AccountService, 'ensureByExternalIds' | 'idsByExternalIds' | 'upsertMany' | 'parentCycles'>;
  contacts: Pick<ContactService, 'upsertMany' | 'idsByEmails'>;
  users: Pick<UserService, 'list'>;
  subscriptions: Pick<SubscriptionService, 'upsertVersions'>;
  usage: Pick<UsageService, 'recordDaily'>;
  tickets: Pick<TicketService, 'bulkInsert'>;
  nps: Pick<NpsService, 'bulkInsert'>;
}

/** Everything one import's rows are parsed and written with. */
export interface ImportContext {
  actor: Actor;
  writers: ImportWriters;
  baseCurrency: string;
  timeZone: string;
  /** Accounts: custom attribute columns typed from a first pass over the file. */
  attributeTypes: Map<string, 'numeric' | 'categorical'>;
  /** Accounts: team members' ids by lower-case email (owner_email). */
  userIds: Map<string, string>;
}

export interface ChunkResult {
  refused: RowError[];
  createdAccounts: string[];
  /** Accounts that got new data (usage, tickets, NPS, contacts, subscriptions): signalled after commit. */
  accountIds?: string[];
}

/** A parsed row remembers its line so a refusal at write time can name it. */
export interface ParsedRow {
  line: number;
}

/**
 * One kind of import: its columns (with header aliases), a row parser that returns the row or
 * every problem it has, and a chunk writer doing set-based upserts through the owning services.
 */
export interface KindDefinition<Row extends ParsedRow = ParsedRow> {
  kind: ImportKind;
  columns: readonly ImportColumn[];
  /** Columns the kind does not know become custom attributes (accounts) instead of being ignored. */
  attributes: boolean;
  prepare?(ctx: ImportContext): Promise<void>;
  parse(
    line: number,
    values: Record<string, string>,
    attributes: [string, string][],
    ctx: ImportContext,
  ): Row | RowError[];
  write(rows: Row[], trx: Transaction<DB>, ctx: ImportContext): Promise<ChunkResult>;
}
