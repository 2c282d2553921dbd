import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobService } from '../jobs/jobs.service.js';
import { jobs, onAccountsChanged } from '../jobs/registry.js';
import { defineJob } from '../jobs/types.js';
import { ctasOnAccountsChanged } from './ctas/ctas.jobs.js';
import { factsOnAccountsChanged } from './facts/facts.jobs.js';
import { surveysOnAccountsChanged } from './surveys/surveys.jobs.js';
import { healthOnAccountsChanged } from './health/health.jobs.js';
import { modules } from './index.js';
import { journeysOnAccountsChanged } from './journeys/journeys.jobs.js';
import { lifecycleOnAccountsChanged } from './lifecycle/lifecycle.jobs.js';
import { welcomeOnAccountsChanged } from './welcome/welcome.jobs.js';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('module manifests (src/modules/index.ts)', () => {
  it('lists every module folder once, under its folder name', () => {
    const folders = fs
      .readdirSync(here, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(here, d.name, `${d.name}.module.ts`)));
    const names = modules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(folders.map((d) => d.name).sort());
  });

  it('runs the account-change listeners in their stated order: lifecycle, welcome, health, the CTA rules, the account facts, the survey after closed tickets, then journeys', () => {
    expect(onAccountsChanged).toEqual([
      lifecycleOnAccountsChanged,
      welcomeOnAccountsChanged,
      healthOnAccountsChanged,
      ctasOnAccountsChanged,
      factsOnAccountsChanged,
      surveysOnAccountsChanged,
      journeysOnAccountsChanged,
    ]);
  });

  it('gives every job a unique name and a list of the services it uses', () => {
    const names = jobs.map((j) => j.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('accounts-data-changed');
    for (const module of modules) for (const job of module.jobs ?? []) expect(names).toContain(job.name);
    for (const job of jobs) expect(Array.isArray(job.uses)).toBe(true);
  });
});

// Compile-time checks: `npx tsc --noEmit -p tsconfig.json` covers test files, so each @ts-expect-error
// below fails the type check if the line it marks ever compiles.
export function sendIsTypedByJobName(send: JobService['send']) {
  void send('welcome-send', { accountId: '00000000-0000-4000-8000-000000000000' });
  void send('ctas-rules-run', {});
  // @ts-expect-error no job has this name
  void send('welcome-sent', { accountId: '00000000-0000-4000-8000-000000000000' });
  // @ts-expect-error the payload lacks the schema's accountId
  void send('welcome-send', {});
  // @ts-expect-error accountIds is an array of ids
  void send('ctas-rules-run', { accountIds: 'all' });
}

export const narrowServices = defineJob({
  name: 'type-check-only',
  uses: ['health'],
  schema: z.object({}),
  async handler(_payload, { services }) {
    await services.health.recompute();
    // @ts-expect-error the job does not declare ctas in `uses`
    await services.ctas.runRules({});
  },
});
