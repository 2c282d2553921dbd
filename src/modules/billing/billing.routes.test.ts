import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { customer, event, SECRET, sender } from './stripe.fixtures.js';

/** The Stripe settings API and where the webhook secret comes from (environment or UI). */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(env: Record<string, string> = {}) {
  t = await createTestApp(env);
  const send = sender(await t.app.listen({ port: 0, host: '127.0.0.1' }));
  const admin = await t.as('admin');
  const get = () => t!.app.inject({ method: 'GET', url: '/api/integrations/stripe', headers: admin.headers });
  const put = (webhookSecret: string | null) =>
    t!.app.inject({
      method: 'PUT',
      url: '/api/integrations/stripe',
      headers: { ...admin.headers, 'accept-language': 'en' },
      payload: { webhookSecret },
    });
  return { t, send, get, put };
}

describe('Stripe settings', () => {
  it('without any secret the webhook answers 503 and stores nothing; a secret set in the UI then verifies', async () => {
    const { send, get, put } = await start();
    const evt = event('customer.created', customer('cus_ui', { name: 'UI Ltd' }), '2024-01-02T00:00:00Z');
    const refused = await send(evt, { language: 'en' });
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toMatch(/STRIPE_WEBHOOK_SECRET/);

    const before = (await get()).json();
    expect(before).toMatchObject({
      secretSource: null,
      lastEvent: null,
      events: { total: 0 },
      webhookUrl: 'http://localhost/webhooks/stripe',
    });

    const bad = await put('not-a-secret');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/whsec_/);

    const saved = await put('whsec_from_the_ui');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain('whsec_from_the_ui');
    expect(saved.json()).toMatchObject({ secretSource: 'settings' });

    expect((await send(evt, { secret: 'whsec_from_the_ui' })).status).toBe(200);
    const after = (await get()).json();
    expect(after).toMatchObject({
      secretSource: 'settings',
      lastEvent: { id: evt.id, type: 'customer.created' },
      events: { total: 1, applied: 1 },
      customers: 1,
    });
    expect(JSON.stringify(after)).not.toContain('whsec_from_the_ui');

    // The audit log says the setting changed, never what to.
    const audit = await t!.database.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('entity', '=', 'setting')
      .where('entity_id', '=', 'stripe')
      .execute();
    expect(audit).toEqual([{ before: null, after: { webhookSecret: '[redacted]' } }]);

    expect((await put(null)).json()).toMatchObject({ secretSource: null });
    expect((await send(evt, { secret: 'whsec_from_the_ui' })).status).toBe(503);
  });

  it('STRIPE_WEBHOOK_SECRET wins: the UI cannot replace it', async () => {
    const { send, get, put } = await start({
      STRIPE_WEBHOOK_SECRET: SECRET,
      TENURE_PUBLIC_URL: 'https://cs.example.com',
    });
    expect((await get()).json()).toMatchObject({
      secretSource: 'env',
      webhookUrl: 'https://cs.example.com/webhooks/stripe',
    });
    const refused = await put('whsec_other');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/STRIPE_WEBHOOK_SECRET/);
    expect((await send(event('customer.created', customer('cus_env'), '2024-01-02T00:00:00Z'))).status).toBe(200);
  });

  it('is for admins only', async () => {
    const { t } = await start();
    const manager = await t.as('cs_manager');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/integrations/stripe', headers: manager.headers })).statusCode,
    ).toBe(403);
  });
});
