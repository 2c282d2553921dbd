/**
 * Takes the README's screenshots on the demo company with the browser test harness:
 * `npx tsx scripts/screenshots-home.ts` writes docs/home-csm.png (Emily Carter's book),
 * docs/home-team.png (the CS manager's team view) and docs/screenshot-360.png (the largest
 * customer's Customer 360), in English. Chinese names need a CJK font (Debian: fonts-noto-cjk).
 * The clock is fixed so the pictures are the same each time.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDemo } from '../src/demo/load.js';
import { accountListQuerySchema } from '../src/shared/accounts.js';
import { ROOT, startBrowserApp } from '../test/e2e/browser.js';

const DEMO_PASSWORD = 'tenure-demo';
const NOW = '2026-06-15T04:00:00Z';

const e = await startBrowserApp({ TENURE_NOW: NOW, TENURE_TIMEZONE: 'Asia/Shanghai' });
try {
  await loadDemo(e.services, { seed: 42, timeZone: 'Asia/Shanghai', currency: 'CNY' });
  // The page's own clock at the server's, so "3 days ago" is counted from the demo's today.
  await e.page.clock.setFixedTime(new Date(NOW));
  const shots = [
    { email: 'emily.carter@tenure.demo', lang: 'en', file: 'home-csm.png', ready: 'home-book' },
    { email: 'siyuan.chen@tenure.demo', lang: 'en', file: 'home-team.png', ready: 'home-team' },
  ];
  for (const shot of shots) {
    // The API's answer time on the demo, printed beside each picture.
    const login = await e.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: shot.email, password: DEMO_PASSWORD },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    for (const url of ['/api/home/csm', '/api/home/team']) {
      const started = performance.now();
      const answer = await e.app.inject({ method: 'GET', url, headers: { cookie } });
      console.log(`${shot.email} ${url}: ${answer.statusCode} in ${Math.round(performance.now() - started)} ms`);
    }
    await e.signIn({ email: shot.email, password: DEMO_PASSWORD });
    await e.page.goto(`${e.baseUrl}/`);
    await e.page.evaluate((lang) => localStorage.setItem('tenure.lang', lang), shot.lang);
    await e.page.reload();
    await e.page.getByTestId(shot.ready).waitFor({ timeout: 120_000 });
    // Every tile's data has arrived when no skeleton is left.
    await e.page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
    await e.page.screenshot({ path: path.join(ROOT, 'docs', shot.file), fullPage: true });
    console.log(`docs/${shot.file}`);
  }
  // The Customer 360 of the largest customer, as its CSM's manager sees it.
  const largest = await e.services.accounts.list(
    accountListQuerySchema.parse({ sort: 'arr', order: 'desc', pageSize: 1 }),
    [],
  );
  await e.page.goto(`${e.baseUrl}/accounts/${largest.items[0]!.id}`);
  await e.page.getByTestId('account-vitals').waitFor({ timeout: 120_000 });
  await e.page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
  await e.page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot-360.png') });
  console.log('docs/screenshot-360.png');
} finally {
  await e.close();
}
