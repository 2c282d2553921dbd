#!/usr/bin/env node
// Module boundaries: runs dependency-cruiser with .dependency-cruiser.cjs over the server and the web
// app and compares its findings with the known violations in .dependency-cruiser-known-violations.json.
// Fails on any new violation, on a known one that is gone (regenerate the list: `npm run lint:deps:baseline`,
// and lower KNOWN_COUNT), and when the list's size is not KNOWN_COUNT. dependency-cruiser's own
// --ignore-known does not apply to folder-level rules (the cycle rule), hence this comparison.
// `npm run lint:deps` runs it; test/dependencies.test.ts runs it under `npm test` (CI).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/** Lower it whenever a known violation is fixed; never raise it. */
const KNOWN_COUNT = 0;

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'node_modules/.bin/depcruise');
const args = ['src', 'web/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
// depcruise exits non-zero when it finds violations; its JSON report is on stdout either way.
const { stdout } = await promisify(execFile)(bin, args, { cwd: root, maxBuffer: 256 * 1024 * 1024 }).catch((error) => {
  if (typeof error?.stdout === 'string' && error.stdout.startsWith('{')) return { stdout: error.stdout };
  throw error;
});
const report = JSON.parse(stdout);
const key = (v) => `${v.rule.name}: ${v.from} → ${v.to}`;
const known = new Set(
  JSON.parse(fs.readFileSync(path.join(root, '.dependency-cruiser-known-violations.json'), 'utf8')).map(key),
);
const actual = new Set(report.summary.violations.map(key));
const added = [...actual].filter((k) => !known.has(k));
const fixed = [...known].filter((k) => !actual.has(k));
const problems = [];
if (report.summary.totalCruised < 300)
  problems.push(`only ${report.summary.totalCruised} files cruised: is the configuration right?`);
if (added.length) {
  problems.push(`${added.length} new boundary violation(s):`, ...added.map((k) => `  ${k}`));
  // Each broken rule's own words: what to do instead.
  const comments = new Map(report.summary.ruleSetUsed.forbidden.map((rule) => [rule.name, rule.comment]));
  for (const rule of new Set(added.map((k) => k.slice(0, k.indexOf(':')))))
    problems.push(`${rule}: ${comments.get(rule)}`);
}
if (fixed.length) {
  problems.push(
    `${fixed.length} known violation(s) fixed: run \`npm run lint:deps:baseline\` and lower KNOWN_COUNT in scripts/lint-deps.mjs`,
  );
  problems.push(...fixed.map((k) => `  ${k}`));
}
if (!fixed.length && known.size !== KNOWN_COUNT)
  problems.push(`the known violations number ${known.size}, KNOWN_COUNT says ${KNOWN_COUNT}: the list may only shrink`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `module boundaries: ${report.summary.totalCruised} files, ${report.summary.totalDependenciesCruised} imports, no new violations (${known.size} known, listed in .dependency-cruiser-known-violations.json)`,
);
