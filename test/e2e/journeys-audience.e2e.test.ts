import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/modules/audit/actor.js';
import { journeyInputSchema } from '../../src/shared/journeys.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const MANAGER = { email: 'audience.manager@e2e.test', name: 'Morgan Manager', password: 'e2e correct horse' };

/**
 * Whom a journey tests and reaches, in the editor (docs/journeys.md): a CS manager turns a branch into
 * "segment membership is any of VIP" with the segment picker and makes the send reach only decision makers;
 * after saving and reloading, the branch's summary names the segment and the send keeps its recipients. In a
 * contact journey the condition builder also lists the contact's own fields.
 */
describe('journey conditions and recipients', () => {
  let e: BrowserApp;
  let journeyId = '';
  let contactJourneyId = '';

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' }, { jobs: false });
    await e.services.users.create(cliActor, { ...MANAGER, role: 'cs_manager' });
    await e.services.segments.create(cliActor, {
      name: 'VIP',
      rules: { match: 'all', conditions: [{ field: 'attributes.vip', op: 'eq', value: 'yes' }] },
    });
    const template = await e.services.messaging.templates.create(cliActor, {
      name: 'Exec note',
      channel: 'email',
      messageType: 'transactional',
      content: { en: { subject: 'Note', body: 'Hello {{contact.name}}' } },
    });
    const definition = (scope: 'account' | 'contact') => ({
      scope,
      entry: { kind: 'manual' },
      start: 'check',
      steps: [
        {
          id: 'check',
          kind: 'branch',
          rules: { match: 'all', conditions: [{ field: 'attributes.plan', op: 'eq', value: 'pro' }] },
          yes: 'note',
          no: null,
        },
        { id: 'note', kind: 'send', templateId: template.id, next: null },
      ],
    });
    journeyId = (
      await e.services.journeys.create(
        cliActor,
        journeyInputSchema.parse({ name: 'Executive outreach', definition: definition('account') }),
      )
    ).id;
    contactJourneyId = (
      await e.services.journeys.create(
        cliActor,
        journeyInputSchema.parse({ name: 'Per contact', definition: definition('contact') }),
      )
    ).id;
  }, 180_000);

  afterAll(async () => {
    await e?.close();
  });

  const dropdown = () => e.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

  it('branches on segment membership and sends to decision makers only, kept after a reload', async () => {
    const { page, baseUrl } = e;
    await e.signIn(MANAGER);
    await page.goto(`${baseUrl}/`);
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'en'));
    await page.goto(`${baseUrl}/journeys/${journeyId}`);

    await page.getByTestId('step-node-check').click();
    const panel = page.getByTestId('step-panel');
    await panel.getByTestId('condition-field').click();
    await dropdown().getByTitle('Segment membership').click();
    await panel.getByTestId('condition-segments').click();
    await dropdown().getByTitle('VIP').click();
    await page.getByTestId('step-node-check').getByText('Segment membership is any of VIP').waitFor();
    // An account journey's condition builder has no contact fields.
    // (Searched for, since the option list is virtual: the search finds nothing.)
    await panel.getByTestId('condition-field').click();
    await page.keyboard.type('Contact role');
    await dropdown().locator('.ant-select-item-empty').waitFor();
    expect(await dropdown().getByTitle('Contact role').count()).toBe(0);
    await page.keyboard.press('Escape');

    await page.getByTestId('step-node-note').click();
    await panel.getByTestId('step-recipients').click();
    await dropdown().getByTitle('Contacts with a given role').click();
    await panel.getByTestId('step-recipient-role').click();
    await dropdown().getByTitle('Decision maker').click();
    await page.getByTestId('journey-save').click();
    await page.getByTestId('journey-unsaved').waitFor({ state: 'detached' });

    await page.reload();
    await page.getByTestId('step-node-check').getByText('Segment membership is any of VIP').waitFor();
    await page.getByTestId('step-node-note').click();
    await panel.getByTestId('step-recipients').getByText('Contacts with a given role').waitFor();
    await panel.getByTestId('step-recipient-role').getByText('Decision maker').waitFor();
  }, 180_000);

  it('lists the contact’s own fields in a contact journey’s branch, in Chinese too', async () => {
    const { page, baseUrl } = e;
    await page.evaluate(() => localStorage.setItem('tenure.lang', 'zh-CN'));
    await page.goto(`${baseUrl}/journeys/${contactJourneyId}`);
    await page.getByTestId('step-node-check').click();
    const panel = page.getByTestId('step-panel');
    await panel.getByTestId('condition-field').click();
    await page.keyboard.type('联系人角色');
    await dropdown().getByTitle('联系人角色').click();
    await panel.getByTestId('condition-row').locator('.ant-select').nth(2).click();
    await dropdown().getByTitle('决策人').click();
    await page.getByTestId('step-node-check').getByText('联系人角色', { exact: false }).waitFor();
    // A contact journey's send reaches the participant: no recipients field.
    await page.getByTestId('step-node-note').click();
    await panel.getByTestId('step-template').waitFor();
    expect(await panel.getByTestId('step-recipients').count()).toBe(0);
    await page.getByTestId('journey-save').click();
    await page.getByTestId('journey-unsaved').waitFor({ state: 'detached' });
  }, 120_000);
});
