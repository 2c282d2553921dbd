import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';

const root = path.resolve(import.meta.dirname, '..');

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

const catalogs = [
  { name: 'server', dir: 'src/i18n' },
  { name: 'web', dir: 'web/src/i18n' },
];

describe('both languages', () => {
  for (const { name, dir } of catalogs) {
    it(`${name}: every key exists in zh-CN and en, and no message is empty`, () => {
      const zh = JSON.parse(fs.readFileSync(path.join(root, dir, 'zh-CN.json'), 'utf8'));
      const en = JSON.parse(fs.readFileSync(path.join(root, dir, 'en.json'), 'utf8'));
      const zhKeys = keys(zh).sort();
      const enKeys = keys(en).sort();
      expect(
        zhKeys.filter((k) => !enKeys.includes(k)),
        'in zh-CN only',
      ).toEqual([]);
      expect(
        enKeys.filter((k) => !zhKeys.includes(k)),
        'in en only',
      ).toEqual([]);
      const empty = [
        ...zhKeys.map((k) => ['zh-CN', k, k.split('.').reduce((o, p) => o[p], zh)]),
        ...enKeys.map((k) => ['en', k, k.split('.').reduce((o, p) => o[p], en)]),
      ]
        .filter(([, , v]) => typeof v !== 'string' || v.trim() === '')
        .map(([l, k]) => `${l}:${k}`);
      expect(empty).toEqual([]);
    });
  }

  it('the web catalogs can render every timeline event the server writes', () => {
    const server = keys(JSON.parse(fs.readFileSync(path.join(root, 'src/i18n/en.json'), 'utf8'))).filter((k) =>
      k.startsWith('timeline.'),
    );
    const web = keys(JSON.parse(fs.readFileSync(path.join(root, 'web/src/i18n/en.json'), 'utf8')));
    expect(server.filter((k) => !web.includes(k))).toEqual([]);
  });
});

describe('the README', () => {
  it('documents every environment variable', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const missing = Object.keys(configSchema.shape).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
