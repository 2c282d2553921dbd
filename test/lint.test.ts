import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Formatting (120 columns) and lint (biome.jsonc): `npm run lint` as part of `npm test`, so CI refuses
 * unformatted code or a recommended-rule error. `npm run format` fixes the formatting.
 *
 * Needs no database, so it runs in the pglite project only.
 */
const root = path.resolve(import.meta.dirname, '..');
const biome = path.join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');

describe.runIf(process.env.TENURE_TEST_BACKEND !== 'postgres')('formatting and lint (Biome)', () => {
  it('every file is formatted and no lint rule reports an error', async () => {
    const result = await promisify(execFile)(process.execPath, [biome, 'ci', '.', '--colors=off'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ ok: true, output: `${stdout}${stderr}` }),
      (error) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? error.message}` }),
    );
    expect(result.output).toMatch(/Checked \d+ files/);
    expect(result.ok, result.output).toBe(true);
  });
});
