import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SKIP_REASONS } from '../../src/shared/messaging.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

function keys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const en = new Set(keys(readJson('web/src/i18n/en.json')));
const zh = new Set(keys(readJson('web/src/i18n/zh-CN.json')));
/** A key as the code names it: plural forms live under `<key>_one` / `<key>_other`. */
const has = (catalog: Set<string>, key: string) => catalog.has(key) || catalog.has(`${key}_other`);

describe('web catalogs', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('cover every literal key the UI code asks for', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(ROOT, 'web', 'src'))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !has(en, k))).toEqual([]);
  });

  it('render every timeline event key the server writes', () => {
    const server = keys(readJson('src/i18n/en.json')).filter((k) => k.startsWith('timeline.'));
    expect(server.length).toBeGreaterThan(0);
    expect(server.filter((k) => !en.has(k))).toEqual([]);
  });

  it('name every reason a customer message can be skipped for, on the timeline (timelineText.ts)', () => {
    const missing = SKIP_REASONS.map((r) => `messaging.reasons.${r}`).filter((k) => !en.has(k) || !zh.has(k));
    expect(missing).toEqual([]);
  });
});
