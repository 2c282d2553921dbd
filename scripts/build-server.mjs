#!/usr/bin/env node
/**
 * Builds the server: compiles src/ (tsconfig.build.json) to dist/ and copies beside it the files the
 * compiled code reads at run time — the SQL migrations and their checksums (src/db/migrator.ts and
 * released.ts read them next to themselves, from import.meta.url). The i18n catalogs are JSON
 * imports, which tsc emits itself. Starts from an empty directory, so nothing of a deleted source
 * file survives in dist/.
 *
 *   node scripts/build-server.mjs [outDir] [extra tsc flags]    (outDir defaults to dist)
 *
 * test/build.test.ts builds into a temporary directory with it, and runs the result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const [outArg, ...tscFlags] = process.argv.slice(2);
const outDir = path.resolve(ROOT, outArg ?? 'dist');

fs.rmSync(outDir, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, ...tscFlags], {
    cwd: ROOT,
    stdio: 'inherit',
  });
} catch {
  console.error('The server build failed (tsc, above).');
  process.exit(1);
}

const migrations = path.join(ROOT, 'src', 'db', 'migrations');
fs.cpSync(migrations, path.join(outDir, 'db', 'migrations'), {
  recursive: true,
  filter: (file) => file === migrations || /\.sql$|^checksums\.json$/.test(path.basename(file)),
});
