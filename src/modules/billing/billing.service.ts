import type { Kysely } from 'kysely';
import Stripe from 'stripe';
import type { $ZodIssue } from 'zod/v4/core';
import type { DB } from '../../db/types.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../audit/actor.js';
import type { SettingsService } from '../settings/settings.service.js';
import { billingRepository as repo } from './billing.repository.js';
import type { SignalService } from '../../jobs/signals.js';
import { type HandlerDeps, type Outcome, createStripeHandlers } from './stripe.handlers.js';
import { eventSchema } from './stripe.objects.js';

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
  outcome: Outcome | 'duplicate';
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
      let verified: unknown;
      try {
        verified = Stripe.webhooks.constructEvent(rawBody, signature, secret);
      } catch {
        throw new AppError(400, 'invalid_signature', 'errors.stripeSignature');
      }
      const parsed = eventSchema.safeParse(verified, { reportInput: true });
      if (!parsed.success) {
        throw new AppError(400, 'validation', 'errors.validation', {}, parsed.error.issues.map((i) => ({ ...i, path: ['body', ...i.path] })) as $ZodIssue[]);
      }
      const event = parsed.data;
      const handlers = createStripeHandlers(deps);
      const result: ReceiveResult = await db.transaction().execute(async (trx) => {
        if (!(await repo.claimEvent(trx, event, verified))) return { duplicate: true, outcome: 'duplicate', warnings: [] };
        const outcome = await handlers.handle(trx, event);
        await repo.setOutcome(trx, event.id, outcome);
        return { duplicate: false, outcome, warnings: handlers.warnings };
      });
      if (!result.duplicate && handlers.touched.size) await deps.signals?.accountsChanged([...handlers.touched], 'stripe');
      return result;
    },

    /** What the settings page shows: where the secret comes from (never the secret), and what arrived. */
    async status() {
      const [{ source }, s] = await Promise.all([webhookSecret(), repo.status(db)]);
      const events = { applied: s.events.applied ?? 0, stale: s.events.stale ?? 0, ignored: s.events.ignored ?? 0 };
      return {
        secretSource: source,
        lastEvent: s.last ? { id: s.last.id, type: s.last.type, created: new Date(s.last.created), receivedAt: s.last.received_at } : null,
        events: { ...events, total: events.applied + events.stale + events.ignored },
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
