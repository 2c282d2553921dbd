import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The vendors' recorded answers (test/fixtures/<vendor>/, replayed to the official clients by test/support/<vendor>.ts)
 * must each name the vendor documentation page whose shape they follow. JSON holds no comments, so the README
 * beside them does it: every fixture file is named in a row of its table, and that row carries the page's address.
 */
const VENDORS = ['hubspot', 'salesforce', 'zendesk'] as const;

describe.each(VENDORS)('fixtures of %s', (vendor) => {
  const dir = new URL(`fixtures/${vendor}/`, import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const rows = readFileSync(new URL('README.md', dir), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|'));

  it('are there, and are JSON once the server address is put in', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const file of files)
      expect(
        () => JSON.parse(readFileSync(new URL(file, dir), 'utf8').replaceAll('{{base}}', 'http://x')),
        file,
      ).not.toThrow();
  });

  it('each name in the README the documentation page they follow', () => {
    const undocumented = files.filter((file) => {
      const row = rows.find((line) => line.includes(`\`${file}\``));
      return !row || !/https:\/\/[a-z.]*(hubspot|salesforce|zendesk)\.com\/\S+/.test(row);
    });
    expect(undocumented).toEqual([]);
  });
});
