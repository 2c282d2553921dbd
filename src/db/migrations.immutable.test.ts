import { describe, expect, it } from 'vitest';
import { checkReleasedMigrations, migrationChecksums, pinnedChecksums } from './released.js';

const sha = (c: string) => c.repeat(64);

describe('released migrations', () => {
  it('are unchanged and all present (src/db/migrations/checksums.json)', () => {
    const problems = checkReleasedMigrations(migrationChecksums(), pinnedChecksums());
    // The message says what to do: a released file is never edited; a new one is pinned once merged.
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('pins 0001–0014 at least', () => {
    const pinned = Object.keys(pinnedChecksums());
    for (let n = 1; n <= 14; n += 1)
      expect(pinned.some((f) => f.startsWith(`${String(n).padStart(4, '0')}_`))).toBe(true);
  });

  it('reports an edited, a missing and a back-dated migration, and allows newer unlisted ones', () => {
    const pinned = { '0001_init.sql': sha('a'), '0002_b.sql': sha('b'), '0003_c.sql': sha('c') };
    const onDisk = {
      '0001_init.sql': sha('a'),
      '0002_b.sql': sha('f'),
      '0002_sneaky.sql': sha('d'),
      '0004_new.sql': sha('e'),
    };
    const problems = checkReleasedMigrations(onDisk, pinned);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/0002_b\.sql.*changed/);
    expect(problems[1]).toMatch(/0003_c\.sql.*missing/);
    expect(problems[2]).toMatch(/0002_sneaky\.sql.*older than/);
    // A file newer than every pinned one (another engineer's 0015, 0016 …) is fine until it is released.
    expect(checkReleasedMigrations({ ...pinned, '0004_new.sql': sha('e'), '0005_more.sql': sha('e') }, pinned)).toEqual(
      [],
    );
  });
});
