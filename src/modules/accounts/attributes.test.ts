import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../../test/support/app.js';

let t: TestApp;
let csm: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  csm = await t.as('csm');
  admin = await t.as('admin');
  const accounts = [
    { name: 'A', attributes: { segment: 'mid_market', renewal_date: '2027-01-01', seats: 10, vip: true } },
    { name: 'B', attributes: { segment: 'mid_market', seats: 20 } },
    { name: 'C', attributes: { segment: 'enterprise', seats: '30' } },
    { name: 'D', attributes: {} },
    { name: 'Gone', attributes: { segment: 'smb', legacy: 'x' } },
  ];
  for (const account of accounts) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      payload: account,
      headers: csm.headers,
    });
    expect(response.statusCode).toBe(201);
    if (account.name === 'Gone') {
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/api/accounts/${response.json().id}`,
        headers: admin.headers,
      });
      expect(del.statusCode).toBe(200);
    }
  }
});
afterAll(() => t.close());

describe('custom attribute keys and labels', () => {
  it('lists the keys on live accounts with counts, usual type and text values by frequency', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/attributes', headers: csm.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([
      { key: 'renewal_date', type: 'text', accounts: 1, values: [{ value: '2027-01-01', accounts: 1 }] },
      // Two numbers and one text: the usual type is number; the text value is still offered for a label.
      { key: 'seats', type: 'number', accounts: 3, values: [{ value: '30', accounts: 1 }] },
      {
        key: 'segment',
        type: 'text',
        accounts: 3,
        values: [
          { value: 'mid_market', accounts: 2 },
          { value: 'enterprise', accounts: 1 },
        ],
      },
      { key: 'vip', type: 'boolean', accounts: 1, values: [] },
    ]);
  });

  it('keeps labels in both languages, editable by admins only, and audits the change', async () => {
    const labels = {
      segment: {
        label: { en: 'Segment', 'zh-CN': '客户分层' },
        values: { mid_market: { en: 'Mid-market', 'zh-CN': '中型客户' } },
      },
      renewal_date: { label: { en: 'Renewal date', 'zh-CN': '续约日期' } },
    };
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/attributes/labels',
      payload: labels,
      headers: csm.headers,
    });
    expect(refused.statusCode).toBe(403);

    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/attributes/labels',
      payload: labels,
      headers: admin.headers,
    });
    expect(saved.statusCode).toBe(200);
    const read = await t.app.inject({ method: 'GET', url: '/api/attributes/labels', headers: csm.headers });
    expect(read.json()).toEqual({
      segment: labels.segment,
      renewal_date: { label: labels.renewal_date.label, values: {} },
    });
    const audit = await t.app.inject({ method: 'GET', url: '/api/audit?entity=setting', headers: admin.headers });
    expect(JSON.stringify(audit.json())).toContain('attribute_labels');
  });

  it('refuses a label longer than 80 characters, naming the field in the caller language', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/attributes/labels',
      payload: { plan: { label: { en: 'x'.repeat(81) } } },
      headers: { ...admin.headers, 'accept-language': 'zh-CN' },
    });
    expect(response.statusCode).toBe(400);
    const issues = response.json().error.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toEqual(['body.plan.label.en']);
    expect(issues[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });
});
