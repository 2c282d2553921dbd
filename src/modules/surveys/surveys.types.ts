import type { Expression, Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export const SURVEY_LINK_PURPOSE = 'survey';
/** The public answer page (surveys.public.ts): `<TENURE_PUBLIC_URL>/survey?t=<token>`. */
export const answerPath = '/survey';

/** The survey as an in-app message asks it (docs/inapp.md): the snippet posts the answer with the token. */
export interface InAppPrompt {
  token: string;
  kind: string;
  scale: '0-10' | '1-5';
  question: Partial<Record<'zh-CN' | 'en', string>>;
}

/**
 * What surveys use of customer messaging (the one way to write to a customer), described rather than
 * imported: messaging reads contacts, which write to the timeline, which reads this module.
 */
export interface SurveyMessaging {
  sendMany(input: {
    templateId: string;
    contactIds: string[];
    idempotencyKey: string;
    keyPrefixes?: Record<string, string>;
    variables?: Record<string, { survey?: { link: string; prompt?: InAppPrompt } }>;
  }): Promise<{ id: string; contactId: string | null; status: string; reason: string | null; locale: string | null }[]>;
  signLinks(purpose: string, ids: readonly string[]): Promise<string[]>;
  verifyLink(purpose: string, token: string): Promise<string | undefined>;
  templates: { row(id: string): Promise<unknown> };
}

/** The contacts and live accounts read models, passed by src/services.ts for the same reason. */
export interface SurveyReads {
  contacts: (db: Kysely<DB>) => Expression<{ id: string; account_id: string; name: string; deleted_at: Date | null }>;
  accounts: (db: Kysely<DB>) => Expression<{ id: string; name: string }>;
  /** Support tickets (the tickets module's read model), for the survey after a ticket is closed. */
  tickets: (
    db: Kysely<DB>,
  ) => Expression<{ id: string; contact_id: string | null; status: string; closed_at: Date | null }>;
}
