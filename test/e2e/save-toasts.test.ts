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
  return [...source.matchAll(/\buseMutation(?:<[^>]*>)?\(/g)].map(
    (match) => match[0] + callArguments(source, match.index + match[0].length),
  );
}

/** The text of a call's arguments, from just after its opening parenthesis to its closing one. */
function callArguments(source: string, start: number): string {
  let depth = 1;
  let i = start;
  for (; i < source.length && depth > 0; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')') depth--;
  }
  return source.slice(start, i);
}

/**
 * Every save says so once (issue 13 point 7): the mutation cache shows "Saved" unless a mutation's
 * meta says otherwise (web/src/app/saveToast.ts), so each useMutation of the web app states its
 * decision — `saved`, `deleted`, `own` (its caller shows a message of its own) or `none`. No save
 * fails silently either: the cache shows the API's error unless the meta says `errors: 'own'` (the
 * mutation or each of its callers shows it), so each states that decision too.
 */
describe('save toasts, decided for every mutation', () => {
  const files = sourceFiles(WEB).map((file) => ({
    file: path.relative(ROOT, file),
    source: fs.readFileSync(file, 'utf8'),
  }));

  it('finds the mutations of the web app', () => {
    expect(files.flatMap(({ source }) => mutationCalls(source)).length).toBeGreaterThan(40);
  });

  it('has every useMutation say which toast its success gives, and who shows its failure', () => {
    const undecided = files.flatMap(({ file, source }) =>
      mutationCalls(source)
        .filter(
          (call) => !/\bmeta:\s*\{\s*toast:\s*'(saved|deleted|own|none)',\s*errors:\s*'(toast|own)'\s*\}/.test(call),
        )
        .map((call) => `${file}: ${call.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ')}`),
    );
    expect(undecided).toEqual([]);
  });

  it('leaves the error toast to the mutation cache: no caller of an `errors: toast` mutation shows it again', () => {
    // A failure the cache announces must not also be said by a caller (an onError, a catch, an inline
    // Alert from `mutation.error`), or the person reads it twice; such a mutation says `errors: 'own'`.
    const toasted = new Set<string>();
    for (const { source } of files)
      for (const match of source.matchAll(
        /(?:function (use\w+)|const (use\w+) =)(?:(?!function use|const use)[\s\S])*?meta:\s*\{[^}]*errors:\s*'(\w+)'/g,
      ))
        if (match[3] === 'toast') toasted.add((match[1] ?? match[2])!);
    expect(toasted.size).toBeGreaterThan(3);
    const twice = files.flatMap(({ file, source }) =>
      [...source.matchAll(/const (\w+) = (use\w+)\(/g)]
        .filter((m) => toasted.has(m[2]!))
        .flatMap(([, name, hook]) => {
          // An onError passed to mutate, an awaited mutateAsync (its caller catches), or the error rendered.
          const shown =
            [...source.matchAll(new RegExp(`\\b${name}\\.mutate\\(`, 'g'))].some((m) =>
              /\bonError\b/.test(callArguments(source, m.index + m[0].length)),
            ) || new RegExp(`\\b${name}\\.(mutateAsync|error|isError)\\b`).test(source);
          return shown ? [`${file}: ${name} (${hook})`] : [];
        }),
    );
    expect(twice).toEqual([]);
  });
});
