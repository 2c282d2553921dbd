import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { WEB_DIST } from '../../src/app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, loadDemo } from '../../src/demo/load.js';
import { accountListQuerySchema } from '../../src/shared/accounts.js';
import { type BrowserApp, startBrowserApp } from './browser.js';

const NOW = '2026-06-15T04:00:00Z';
const WIDTH = 1280;

/** The main pages an admin reaches from the menu; an account 360 is added once the demo is loaded. */
const PAGES = [
  '/',
  '/accounts',
  '/ctas',
  '/ctas/meeting',
  '/ctas/effectiveness',
  '/onboarding',
  '/renewals',
  '/revenue',
  '/health/backtest',
  '/segments',
  '/events',
  '/voc',
  '/voc/requests',
  '/voc/taxonomy',
  '/surveys',
  '/activation',
  '/prediction',
  '/team',
  '/team/maturity',
  '/imports',
  '/profile',
  '/settings/revenue',
  '/settings/rules',
  '/settings/users',
  '/settings/tokens',
  '/settings/keys',
  '/settings/scim',
  '/settings/handoff',
  '/settings/fit',
  '/settings/reviews',
  '/settings/success-plans',
  '/settings/lifecycle',
  '/settings/notifications',
  '/settings/messages',
  '/settings/stripe',
  '/settings/zendesk',
  '/settings/hubspot',
  '/settings/salesforce',
  '/settings/sso',
  '/settings/scorecards',
  '/settings/attributes',
  '/settings/audit',
];

/**
 * What is clipped on the page, in words (empty when nothing is). Runs in the browser:
 * - the page itself scrolls sideways (documentElement wider than the window);
 * - a table wider than its box that does not scroll inside itself, or that reaches past the window;
 * - a table cell whose content is wider than the cell (cut off or spilling over its neighbour);
 * - a figure (money, count, percentage, date in digits) broken over two lines in a cell;
 * - a select whose chosen value or placeholder does not fit its box.
 */
function findClipping(width: number): { problems: string[]; seen: { tables: number; cells: number; selects: number } } {
  const problems: string[] = [];
  const seen = { tables: 0, cells: 0, selects: 0 };
  const describe = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
  if (document.documentElement.scrollWidth > width)
    problems.push(`page is ${document.documentElement.scrollWidth}px wide`);

  for (const table of Array.from(document.querySelectorAll<HTMLElement>('.ant-table'))) {
    if (table.getClientRects().length === 0) continue; // in a hidden tab
    seen.tables++;
    const box = table.querySelector<HTMLElement>('.ant-table-content, .ant-table-body') ?? table;
    const inner = box.querySelector('table');
    if (inner) {
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
      if (inner.scrollWidth > box.clientWidth + 1 && !scrolls)
        problems.push(`table "${describe(table.querySelector('thead') ?? table)}" is cut at ${box.clientWidth}px`);
    }
    if (table.getBoundingClientRect().right > width + 1)
      problems.push(`table "${describe(table.querySelector('thead') ?? table)}" reaches past the window`);
    for (const cell of Array.from(table.querySelectorAll<HTMLElement>('td.ant-table-cell, th.ant-table-cell'))) {
      if (cell.classList.contains('ant-table-selection-column')) continue;
      seen.cells++;
      // The content's own extent (a fixed column's shadow, drawn past the cell, is no content).
      const contents = document.createRange();
      contents.selectNodeContents(cell);
      const extent = contents.getBoundingClientRect();
      const box = cell.getBoundingClientRect();
      if (extent.width > 0 && (extent.right > box.right + 1 || extent.left < box.left - 1))
        problems.push(
          `cell "${describe(cell)}" spills out of its ${Math.round(box.width)}px (text ${Math.round(extent.width)}px)`,
        );
      // Text cut by an ellipsis inside the cell (a select's value, a tag): wider than what shows.
      for (const clip of Array.from(cell.querySelectorAll<HTMLElement>('*'))) {
        const overflow = getComputedStyle(clip).overflowX;
        if (!clip.textContent?.trim()) continue;
        if (overflow !== 'visible' && clip.scrollWidth > clip.clientWidth + 1 && clip.clientWidth > 0)
          problems.push(`text "${describe(clip)}" is cut in its cell (${clip.scrollWidth}px > ${clip.clientWidth}px)`);
      }
      // Figures on one line: each text that is a number, an amount or a date in digits.
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').replace(/[\s\u00a0\u202f]+/g, '');
        if (!/^[-−+]?[A-Z]{0,3}\p{Sc}?[-−+]?\d[\d,.:/-]*[%]?$/u.test(text)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
        if (tops.size > 1) problems.push(`figure "${text}" wraps in its cell`);
      }
    }
  }

  for (const item of Array.from(
    document.querySelectorAll<HTMLElement>(
      '.ant-select-selection-item, .ant-select-selection-placeholder, .ant-select-selection-item-content',
    ),
  )) {
    if (item.getClientRects().length === 0 || item.clientWidth === 0) continue;
    seen.selects++;
    if (item.scrollWidth > item.clientWidth + 1)
      problems.push(`select shows "${describe(item)}" in ${item.clientWidth}px (needs ${item.scrollWidth}px)`);
  }
  return { problems: [...new Set(problems)], seen };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Serves the web build this test started with from memory. The server lists web/dist's files when it
 * starts; another browser test rebuilding it during this long walk (new asset names) would leave the
 * page without its scripts.
 */
async function pinWebBuild(page: Page, baseUrl: string) {
  const files = new Map<string, Buffer>();
  const read = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) read(full);
      else files.set(`/${path.relative(WEB_DIST, full).split(path.sep).join('/')}`, fs.readFileSync(full));
    }
  };
  read(WEB_DIST);
  const index = files.get('/index.html')?.toString() ?? '';
  const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  if (!assets.length || assets.some((a) => !files.has(a)))
    throw new Error('web/dist is incomplete (a build is running)');
  await page.route(`${baseUrl}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname.startsWith('/api/')) return route.continue();
    const file = files.get(pathname) ?? (/\.[a-z0-9]+$/i.test(pathname) ? undefined : files.get('/index.html'));
    if (!file) return route.continue();
    const name = files.has(pathname) ? pathname : '/index.html';
    return route.fulfill({ body: file, contentType: TYPES[path.extname(name)] ?? 'application/octet-stream' });
  });
}

/** The page has its data: no loading spinner or skeleton, and the network quiet. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton, .ant-table-placeholder .ant-spin').first().waitFor({
    state: 'detached',
  });
  await page.waitForLoadState('networkidle');
}

const seen = { tables: 0, cells: 0, selects: 0 };

/** Checks the page in its current state; counts what it looked at. */
async function check(page: Page, label: string): Promise<string[]> {
  const result = await page.evaluate(findClipping, WIDTH);
  seen.tables += result.seen.tables;
  seen.cells += result.seen.cells;
  seen.selects += result.seen.selects;
  return result.problems.map((p) => `${label}: ${p}`);
}

/** The problems on the page as shown, then in each of its top-level tabs. */
async function clippingOnPage(page: Page, label: string): Promise<string[]> {
  await settled(page);
  const found = await check(page, label);
  const tabs = page.locator('.ant-tabs-top > .ant-tabs-nav .ant-tabs-tab:not(.ant-tabs-tab-disabled)');
  const count = await tabs.count();
  for (let i = 1; i < count; i++) {
    const tab = tabs.nth(i);
    const name = ((await tab.textContent()) ?? '').trim();
    await tab.click();
    await settled(page);
    found.push(...(await check(page, `${label} [${name}]`)));
  }
  return found;
}

/**
 * Nothing clipped at 1280 × 800 (issue 13 point 7): on the demo company, every main page and each of
 * its tabs, an account's 360 included, in English and in Chinese — the page does not scroll sideways,
 * tables fit or scroll inside themselves with no cell cut, figures stay on one line, and every select
 * shows its whole value.
 */
describe('Layout at 1280 px', () => {
  let e: BrowserApp;
  let pages: string[];

  beforeAll(async () => {
    e = await startBrowserApp({ TENURE_NOW: NOW, TENURE_TIMEZONE: 'Asia/Shanghai' });
    await pinWebBuild(e.page, e.baseUrl);
    await loadDemo(e.services, { seed: 42, timeZone: 'Asia/Shanghai', currency: 'CNY' });
    const largest = await e.services.accounts.list(
      accountListQuerySchema.parse({ sort: 'arr', order: 'desc', pageSize: 1 }),
      [],
    );
    pages = [...PAGES, `/accounts/${largest.items[0]!.id}`];
    await e.page.setViewportSize({ width: WIDTH, height: 800 });
    await e.page.clock.setFixedTime(new Date(NOW));
    await e.signIn(DEMO_ADMIN);
  }, 600_000);

  afterAll(async () => {
    await e?.close();
  });

  it('finds a clipped select, a cut table cell and a wrapped figure when there are some', async () => {
    const { page, baseUrl } = e;
    await page.goto(`${baseUrl}/profile`);
    await settled(page);
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'layout-probe';
      probe.innerHTML = `
        <div class="ant-select" style="width:60px"><span class="ant-select-selection-item"
          style="display:block;overflow:hidden;white-space:nowrap">A value far too long for its box</span></div>
        <div class="ant-table"><div class="ant-table-content" style="overflow:hidden;width:200px"><table style="width:200px;table-layout:fixed">
          <tbody><tr><td class="ant-table-cell" style="width:40px;overflow:hidden;white-space:nowrap">Northwind Trading Company</td>
          <td class="ant-table-cell" style="width:30px;overflow-wrap:anywhere">¥1,200,000.00</td></tr></tbody></table></div></div>`;
      document.body.appendChild(probe);
    });
    const found = (await page.evaluate(findClipping, WIDTH)).problems;
    await page.evaluate(() => document.getElementById('layout-probe')?.remove());
    expect(found.some((p) => p.startsWith('select shows "A value far too long'))).toBe(true);
    expect(found.some((p) => p.startsWith('cell "Northwind Trading Company"'))).toBe(true);
    expect(found.some((p) => p.startsWith('figure "¥1,200,000.00" wraps'))).toBe(true);
  }, 120_000);

  for (const language of ['en', 'zh-CN'] as const) {
    it(`clips nothing in ${language}`, async () => {
      const { page, baseUrl } = e;
      await page.goto(`${baseUrl}/profile`);
      await page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), language);
      await page.reload();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
      Object.assign(seen, { tables: 0, cells: 0, selects: 0 });
      const problems: string[] = [];
      for (const path of pages) {
        await page.goto(`${baseUrl}${path}`);
        // Named, so a page that fails to render (an error screen has no menu) says which it is.
        await page
          .getByTestId('side-nav')
          .waitFor()
          .catch((error: Error) => {
            throw new Error(`${path}: no menu (${error.message.split('\n')[0]})`);
          });
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
        problems.push(...(await clippingOnPage(page, path)));
      }
      expect(problems).toEqual([]);
      // The check looked at real pages: the demo's lists, the 360's tabs, the settings' selects.
      expect(seen.tables).toBeGreaterThan(30);
      expect(seen.cells).toBeGreaterThan(1000);
      expect(seen.selects).toBeGreaterThan(20);
      console.log(`${language}: ${seen.tables} tables, ${seen.cells} cells, ${seen.selects} selects checked`);
    }, 600_000);
  }
});
