import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type BuildOptions, WEB_DIST } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/connection.js';
import { testDatabase } from '../support/db.js';

/** Shared by the browser tests: headless Chromium's flags and a fresh web build. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Newest modification time under a folder (so a stale build is rebuilt, not tested). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureWebBuild() {
  const index = path.join(WEB_DIST, 'index.html');
  const sources = [path.join(ROOT, 'web', 'src'), path.join(ROOT, 'src', 'shared')];
  const stale = !fs.existsSync(index) || Math.max(...sources.map(newestMtime)) > fs.statSync(index).mtimeMs;
  if (stale)
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
}

/**
 * The built app on a fresh test database, listening on a free port, with headless Chromium open on
 * one page (English, desktop size). `signIn` puts a user's session cookie in the browser the way the
 * sign-in page would, without going through the form.
 */
export async function startBrowserApp(env: Record<string, string> = {}, options: Pick<BuildOptions, 'jobs'> = {}) {
  ensureWebBuild();
  const database: Database = await testDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', TENURE_LOCALE: 'en', TENURE_LOGIN_RATE_LIMIT: '1000', ...env });
  // The clock is pinned (TENURE_NOW) but the schedules follow the real clock: an hourly CTA rules run that
  // lands mid-test (minute 15) opens CTAs the test did not make. Tests send the jobs they need.
  const built = await buildApp({ config, database, serveWeb: true, schedules: false, ...options });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  // Reduced motion, as a user may ask for it: the UI then animates nothing. Under CI's load a dialog's
  // closing animation once never ended and its invisible layer took every click for 30 s.
  const page: Page = await (
    await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })
  ).newPage();
  // CI runs the browser tests beside the service tests on two cores: a step that takes 1–3 s alone
  // has been seen to take over 15 s there, so each wait allows 30 s (still a wait for a condition).
  page.setDefaultTimeout(30_000);

  async function signIn(who: { email: string; password: string }) {
    const login = await built.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: who.email, password: who.password },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in as ${who.email} failed: ${login.body}`);
    await page.context().clearCookies();
    await page.context().addCookies(
      login.cookies.map((c) => ({
        name: c.name,
        value: c.value,
        url: baseUrl,
        httpOnly: Boolean(c.httpOnly),
        sameSite: 'Lax' as const,
      })),
    );
  }

  async function close() {
    await browser.close();
    await built.app.close();
    await database.close();
  }

  return { ...built, database, baseUrl, browser, page, signIn, close };
}

export type BrowserApp = Awaited<ReturnType<typeof startBrowserApp>>;
