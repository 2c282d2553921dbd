import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { DB } from '../../db/types.js';
import { webhookSignature } from './tokens.js';

/** How long one delivery attempt may take before it counts as refused. */
const TIMEOUT_MS = 10_000;

/**
 * One attempt to deliver a queued webhook send: POST its JSON with `Tenure-Signature` (t=…,v1=…) and
 * `Tenure-Delivery` (the send id, for the receiver's deduplication). A 2xx marks it sent; anything else
 * throws so the job queue retries with back-off, and the last attempt marks it failed.
 */
export async function deliverWebhook(
  { db, clock, secret }: { db: Kysely<DB>; clock: Clock; secret: string },
  sendId: string,
  attempt: number,
  final: boolean,
) {
  const send = await db
    .selectFrom('message_sends')
    .select(['id', 'address', 'payload', 'status'])
    .where('id', '=', sendId)
    .executeTakeFirst();
  // Delivered already (a duplicate job), or gone: nothing to do.
  if (!send || send.status !== 'queued' || !send.address) return;
  const body = JSON.stringify(send.payload);
  let error: string | undefined;
  try {
    const response = await fetch(send.address, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'tenure-signature': webhookSignature(secret, body, clock.now()),
        'tenure-delivery': send.id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) {
      await db
        .updateTable('message_sends')
        .set({ status: 'sent', attempts: attempt, sent_at: clock.now(), error: null })
        .where('id', '=', send.id)
        .where('status', '=', 'queued')
        .execute();
      return;
    }
    error = `HTTP ${response.status}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await db
    .updateTable('message_sends')
    .set({ attempts: attempt, error: error.slice(0, 500), ...(final ? { status: 'failed' as const } : {}) })
    .where('id', '=', send.id)
    .execute();
  throw new Error(`webhook delivery ${send.id} refused: ${error}`);
}
