import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The text of each `useMutation(...)` call's argument, up to its closing parenthesis. */
function mutationCalls(source: string): string[] {
  const calls: string[] = [];
  for (const match of source.matchAll(/\buseMutation(?:<[^>]*>)?\(/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
    }
    calls.push(source.slice(match.index, i));
  }
  return calls;
}

/**
 * Every save says so once (issue 13 point 7): the mutation cache shows "Saved" unless a mutation's
 * meta says otherwise (web/src/app/saveToast.ts), so each useMutation of the web app states its
 * decision — `saved`, `deleted`, `own` (its caller shows a message of its own) or `none`.
 */
describe('save toasts, decided for every mutation', () => {
  const files = sourceFiles(WEB).map((file) => ({
    file: path.relative(ROOT, file),
    source: fs.readFileSync(file, 'utf8'),
  }));

  it('finds the mutations of the web app', () => {
    expect(files.flatMap(({ source }) => mutationCalls(source)).length).toBeGreaterThan(40);
  });

  it('has every useMutation say which toast its success gives', () => {
    const undecided = files.flatMap(({ file, source }) =>
      mutationCalls(source)
        .filter((call) => !/\bmeta:\s*\{\s*toast:\s*'(saved|deleted|own|none)'\s*\}/.test(call))
        .map((call) => `${file}: ${call.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ')}`),
    );
    expect(undecided).toEqual([]);
  });

  it('leaves the generic "Saved" to the mutation cache: no caller of a `saved` mutation says it again', () => {
    // A mutation deciding `own` may say "Saved" itself for some of its calls (a CTA's comment); one
    // left to the cache must not, or the person reads it twice.
    const hooks = new Map<string, string>();
    for (const { source } of files) {
      // A hook's own meta, found before the next hook begins; then the hooks that only wrap another.
      for (const match of source.matchAll(
        /(?:function (use\w+)|const (use\w+) =)(?:(?!function use|const use)[\s\S])*?meta:\s*\{\s*toast:\s*'(\w+)'/g,
      ))
        hooks.set((match[1] ?? match[2])!, match[3]!);
      for (const match of source.matchAll(/const (use\w+) = \(\) =>\s*(use\w+)[<(]/g))
        if (hooks.has(match[2]!)) hooks.set(match[1]!, hooks.get(match[2]!)!);
    }
    const twice = files.flatMap(({ file, source }) => {
      if (!/message\.success\(t\('common\.(saved|deleted)'\)\)/.test(source)) return [];
      const used = [...source.matchAll(/\b(use\w+)\(/g)].map((m) => m[1]!);
      return used.filter((hook) => ['saved', 'deleted'].includes(hooks.get(hook) ?? '')).map((h) => `${file}: ${h}`);
    });
    expect(twice).toEqual([]);
  });
});
