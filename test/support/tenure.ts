import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * How tests run the `tenure` command in a process of its own: `node --import tsx/esm src/cli.ts …`,
 * the TypeScript source as it is now. bin/tenure.js runs the compiled dist/ instead, which may be
 * stale (or absent) while the source changes, so tests never spawn it — except test/build.test.ts,
 * the one test of the compiled command: it builds dist/ afresh into a temporary install and runs
 * bin/tenure.js there.
 *
 *   spawn('node', tenureArgs('start'), { env })    execFile('node', tenureArgs('migrate', '--json'))
 */
export const CLI_SOURCE = path.resolve(import.meta.dirname, '..', '..', 'src', 'cli.ts');
// tsx's ESM loader only, as bin/tenure.js registered it before there was a build (src/ is all ESM).
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

export const tenureArgs = (...args: string[]): string[] => ['--import', TSX, CLI_SOURCE, ...args];
