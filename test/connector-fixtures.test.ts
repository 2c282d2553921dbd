import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The vendors' recorded answers (test/fixtures/<vendor>/, replayed to the official clients by test/support/<vendor>.ts)
 * must each name the vendor documentation page whose shape they follow. JSON holds no comments, so the README
 * beside them does it: every fixture file is named in a row of its table, and that row carries the page's address.
 */
const VENDORS = [
  ['hubspot', 'hubspot\\.com', 5],
  ['salesforce', 'salesforce\\.com', 5],
  ['zendesk', 'zendesk\\.com', 5],
  // Single sign-on platforms (src/modules/auth/sso.platforms.ts, replayed by test/support/sso-platforms.ts).
  ['feishu', 'feishu\\.cn', 2],
  ['dingtalk', 'dingtalk\\.com', 2],
  ['wecom', 'work\\.weixin\\.qq\\.com', 4],
] as const;

describe.each(VENDORS)('fixtures of %s', (vendor, domain, least) => {
  const dir = new URL(`fixtures/${vendor}/`, import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const rows = readFileSync(new URL('README.md', dir), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|'));

  it('are there, and are JSON once the server address is put in', () => {
    expect(files.length).toBeGreaterThan(least);
    for (const file of files)
      expect(
        () => JSON.parse(readFileSync(new URL(file, dir), 'utf8').replaceAll('{{base}}', 'http://x')),
        file,
      ).not.toThrow();
  });

  it('each name in the README the documentation page they follow', () => {
    const undocumented = files.filter((file) => {
      const row = rows.find((line) => line.includes(`\`${file}\``));
      return !row || !new RegExp(`https://[a-z.]*${domain}/\\S+`).test(row);
    });
    expect(undocumented).toEqual([]);
  });
});
