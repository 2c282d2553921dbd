import { existsSync } from 'node:fs';
import { AppError } from '../../http/errors.js';

/**
 * PDF through headless Chromium, as the browser tests use it: optional at run time. playwright-core (a runtime
 * dependency that ships no browser) is loaded only when a PDF is asked for, and Chromium is looked for where
 * Debian and others put it (or at TENURE_CHROMIUM_PATH); without it the export answers 503 with what to install
 * (errors.pdfUnavailable) and the PPTX export still works. Chinese needs a CJK font on the server (Debian: fonts-noto-cjk).
 */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const unavailable = () => new AppError(503, 'pdf_unavailable', 'errors.pdfUnavailable');

export function chromiumPath(configured?: string) {
  if (configured) return existsSync(configured) ? configured : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export async function htmlToPdf(html: string, configured?: string): Promise<Buffer> {
  const executablePath = chromiumPath(configured);
  if (!executablePath) throw unavailable();
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw unavailable();
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    // No network: the document is self-contained (inline SVG and styles).
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
