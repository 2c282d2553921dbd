import type { Kysely } from 'kysely';
import type { $ZodIssue } from 'zod/v4/core';
import type { Locale } from '../../i18n/index.js';
import type { DB } from '../../db/types.js';
import { AppError, invalidField } from '../../http/errors.js';
import { isUnstorable, unstorablePath } from '../../shared/text.js';
import { nestedDeeperThan } from '../../shared/json.js';
import { jsonTooDeep } from '../../http/json.js';
import type { Actor } from '../audit/actor.js';
import type { SettingsService } from '../settings/settings.service.js';
import { billingRepository as repo } from './billing.repository.js';
import type { SignalService } from '../../jobs/signals.js';
import { type HandlerDeps, type Outcome, createStripeHandlers } from './stripe.handlers.js';
import { eventSchema } from './stripe.objects.js';
import { phraseRefusal, refusalOf, refusalRecord, storableCopy } from './stripe.refusals.js';

/** Stripe's default tolerance, applied both ways (docs/billing.md). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Whether the signature header's timestamp lies within the tolerance of now, before or after. */
function signedWithin(header: string, tolerance: number): boolean {
  const stamp = /(?:^|,)\s*t=(\d+)/.exec(header)?.[1];
  return stamp !== undefined && Math.abs(Date.now() / 1000 - Number(stamp)) <= tolerance;
}

export interface BillingDeps extends HandlerDeps {
  db: Kysely<DB>;
  settings: Pick<SettingsService, 'get' | 'set'>;
  /** STRIPE_WEBHOOK_SECRET: when set it wins over the secret entered in the UI. */
  envSecret?: string;
  /** New subscription data reaches health and lifecycle through the data-arrival signal. */
  signals?: Pick<SignalService, 'accountsChanged'>;
}

export interface ReceiveResult {
  /** The event id was recorded before: acknowledged, nothing done. */
  duplicate: boolean;
  outcome: Outcome | 'refused' | 'duplicate';
  /** Things worth a log line (an unknown discount, a metadata account id that does not exist). */
  warnings: string[];
}

/**
 * Stripe billing: verifies and records webhook events exactly once each, and turns them into
 * accounts and subscription versions through the accounts and subscriptions services.
 */
export function createBillingService(deps: BillingDeps) {
  const { db, settings, envSecret } = deps;

  async function webhookSecret(): Promise<{ secret: string | null; source: 'env' | 'settings' | null }> {
    if (envSecret) return { secret: envSecret, source: 'env' };
    const stored = (await settings.get('stripe')).webhookSecret;
    return stored ? { secret: stored, source: 'settings' } : { secret: null, source: null };
  }

  /** Records a signed event Tenure cannot apply, once, with why (stripe.refusals.ts). */
  async function refuse(
    event: { id: string; type: string; created: number },
    verified: unknown,
    error: AppError,
  ): Promise<ReceiveResult> {
    const record = refusalRecord(error);
    const claimed = await db
      .transaction()
      .execute((trx) => repo.claimRefused(trx, event, storableCopy(verified), record));
    return claimed
      ? {
          duplicate: false,
          outcome: 'refused',
          warnings: [`event ${event.id} (${event.type}) refused: ${phraseRefusal(record, 'en')}`],
        }
      : { duplicate: true, outcome: 'duplicate', warnings: [] };
  }

  return {
    webhookSecret,

    /**
     * Verifies the signature over the raw body with Stripe's library, then applies the event in
     * one transaction that first claims its id. Nothing is stored unless the signature holds.
     */
    async receive(rawBody: Buffer, signature: string | undefined): Promise<ReceiveResult> {
      const { secret } = await webhookSecret();
      if (!secret) throw new AppError(503, 'stripe_not_configured', 'errors.stripeNotConfigured');
      if (!signature) throw new AppError(400, 'invalid_signature', 'errors.stripeSignatureMissing');
      // Stripe nests a few levels; thousands would overflow the recursive walks after parsing.
      if (nestedDeeperThan(rawBody.toString('utf8'))) throw jsonTooDeep();
      const { default: Stripe } = await import('stripe');
      let verified: unknown;
      try {
        verified = Stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
      } catch {
        throw new AppError(400, 'invalid_signature', 'errors.stripeSignature');
      }
      // Stripe's library only refuses signatures older than the tolerance; one from the future is as suspect.
      if (!signedWithin(signature, SIGNATURE_TOLERANCE_SECONDS))
        throw new AppError(400, 'invalid_signature', 'errors.stripeSignature');
      const parsed = eventSchema.safeParse(verified, { reportInput: true });
      if (!parsed.success) {
        const error = new AppError(
          400,
          'validation',
          'errors.validation',
          {},
          parsed.error.issues.map((i) => ({ ...i, path: ['body', ...i.path] })) as $ZodIssue[],
        );
        const envelope = verified as { id?: unknown; type?: unknown };
        // Without an id of its own there is nothing to record it by (and nothing Stripe would send).
        if (typeof envelope?.id !== 'string' || !envelope.id || isUnstorable(envelope.id) || envelope.id.length > 255)
          throw error;
        const type = typeof envelope.type === 'string' ? envelope.type.slice(0, 255) : 'unknown';
        return refuse({ id: envelope.id, type, created: Math.floor(Date.now() / 1000) }, verified, error);
      }
      const event = parsed.data;
      const handlers = createStripeHandlers(deps);
      let result: ReceiveResult;
      try {
        const unstorable = unstorablePath(verified);
        if (unstorable) throw invalidField(['body', ...unstorable], 'errors.unstorableText');
        result = await db.transaction().execute(async (trx) => {
          if (!(await repo.claimEvent(trx, event, verified)))
            return { duplicate: true, outcome: 'duplicate', warnings: [] };
          const outcome = await handlers.handle(trx, event);
          await repo.setOutcome(trx, event.id, outcome);
          return { duplicate: false, outcome, warnings: handlers.warnings };
        });
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return refuse(event, verified, refusal);
      }
      if (!result.duplicate && handlers.touched.size)
        await deps.signals?.accountsChanged([...handlers.touched], 'stripe');
      return result;
    },

    /** What the settings page shows: where the secret comes from (never the secret), and what arrived. */
    async status(locale: Locale = 'en') {
      const [{ source }, s, refused] = await Promise.all([webhookSecret(), repo.status(db), repo.refusals(db, 20)]);
      const events = {
        applied: s.events.applied ?? 0,
        stale: s.events.stale ?? 0,
        ignored: s.events.ignored ?? 0,
        refused: s.events.refused ?? 0,
      };
      return {
        secretSource: source,
        lastEvent: s.last
          ? { id: s.last.id, type: s.last.type, created: new Date(s.last.created), receivedAt: s.last.received_at }
          : null,
        events: { ...events, total: events.applied + events.stale + events.ignored + events.refused },
        refusals: refused.map((r) => ({
          id: r.id,
          type: r.type,
          created: new Date(r.created),
          receivedAt: r.received_at,
          reason: phraseRefusal(r.refusal, locale),
        })),
        customers: s.counts.customers,
        subscriptions: s.counts.subscriptions,
        invoices: s.counts.invoices,
      };
    },

    /** Sets (or with null clears) the secret kept in settings; refused while the environment sets one. */
    async setWebhookSecret(actor: Actor, webhookSecret: string | null) {
      if (envSecret) throw new AppError(409, 'secret_from_env', 'errors.stripeSecretFromEnv');
      await settings.set(actor, 'stripe', { webhookSecret });
    },
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
