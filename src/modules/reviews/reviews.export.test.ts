import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';
import { DECK_PAGES } from './reviews.html.js';

/**
 * The business review deck exported (docs/business-reviews.md): the PDF printed by headless Chromium, opened
 * with poppler (pdfinfo, pdftoppm: every page renders), and the PPTX unzipped (a slide per section, native
 * charts), in Chinese and in English. Needs Debian's chromium and poppler-utils (.ci/run installs both).
 */
let t: TestApp;
let id: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-deck-'));

beforeAll(async () => {
  t = await createTestApp({ TENURE_NOW: '2026-06-15T04:00:00Z', TENURE_TIMEZONE: 'UTC' });
  id = (
    await t.services.accounts.create(cliActor, {
      name: 'Export <Co> & 天元',
      externalId: 'export-1',
      tier: 'high_touch',
      firstPaidOn: '2025-06-01',
      ownerId: t.users.csm.id,
    })
  ).id;
  await t.services.usage.recordDaily([
    { accountId: id, day: '2026-06-01', event: 'report.viewed', count: 7, users: 2 },
  ]);
  await t.services.tickets.bulkInsert(cliActor, [
    { accountId: id, subject: 'A', priority: 'urgent', status: 'open', openedAt: '2026-06-10T00:00:00Z' },
  ]);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function download(format: 'pdf' | 'pptx', lang: 'zh-CN' | 'en') {
  const csm = await t.as('csm');
  const r = await t.app.inject({
    method: 'GET',
    url: `/api/accounts/${id}/reviews/deck.${format}?lang=${lang}`,
    headers: csm.headers,
  });
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  expect(r.headers['content-disposition']).toContain(`-${lang}.${format}`);
  return r.rawPayload;
}

describe('business review deck export', () => {
  for (const lang of ['zh-CN', 'en'] as const)
    it(`prints a PDF of ${DECK_PAGES} pages that all render (${lang})`, async () => {
      const file = path.join(dir, `deck-${lang}.pdf`);
      fs.writeFileSync(file, await download('pdf', lang));
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(new RegExp(`Pages:\\s+${DECK_PAGES}\\b`));
      execFileSync('pdftoppm', ['-r', '20', '-png', file, path.join(dir, `page-${lang}`)]);
      const pages = fs.readdirSync(dir).filter((f) => f.startsWith(`page-${lang}`) && f.endsWith('.png'));
      expect(pages).toHaveLength(DECK_PAGES);
      for (const p of pages) expect(fs.statSync(path.join(dir, p)).size).toBeGreaterThan(500);
      const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Export <Co> & 天元');
      expect(text).toContain(lang === 'zh-CN' ? '业务回顾' : 'Business review');
    });

  for (const lang of ['zh-CN', 'en'] as const)
    it(`writes an editable PPTX, a slide per section with native charts (${lang})`, async () => {
      const zip = await JSZip.loadAsync(await download('pptx', lang));
      const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
      expect(slides).toHaveLength(DECK_PAGES);
      const first = await zip.file('ppt/slides/slide1.xml')?.async('string');
      expect(first).toContain('Export &lt;Co&gt; &amp; 天元');
      expect(first).toContain(lang === 'zh-CN' ? '业务回顾' : 'Business review');
      expect(
        Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).length,
      ).toBeGreaterThanOrEqual(3);
      const support = await zip.file('ppt/slides/slide4.xml')?.async('string');
      expect(support).toContain(lang === 'zh-CN' ? '服务支持概况' : 'Support summary');
    });
});
