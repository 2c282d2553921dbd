import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Module boundaries (.dependency-cruiser.cjs; docs/ARCHITECTURE.md, "Data ownership"): modules import
 * one another only through their public surface, web/ imports only src/shared from the server,
 * src/shared imports nothing of the server, no cycles between modules. Runs `npm run lint:deps`'s
 * script (scripts/lint-deps.mjs), which allows only the known violations and only while each still exists.
 *
 * Needs no database, so it runs in the pglite project only (the postgres project would check the
 * same files again).
 */
const root = path.resolve(import.meta.dirname, '..');

describe.runIf(process.env.TENURE_TEST_BACKEND !== 'postgres')('module boundaries (dependency-cruiser)', () => {
  it('no violation beyond the known ones, and every known one still exists', async () => {
    const result = await promisify(execFile)(process.execPath, [path.join(root, 'scripts/lint-deps.mjs')], {
      cwd: root,
    }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? error.message}` }),
    );
    expect(result.output).toMatch(/module boundaries|violation|cruised/);
    expect(result.ok, result.output).toBe(true);
  });
});
