import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * IBM's public Telco Customer Churn file, the churn model's benchmark. It lives in the shared
 * folder beside the repository (CI clones the repository and puts a copy of shared/ next to it),
 * not in the repository. The tests that use it fail when it is missing or altered instead of
 * skipping, so a broken checkout cannot pass green without running them.
 */
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TELCO_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'telco-customer-churn.csv');

/**
 * sha256 of the Telco Customer Churn CSV as published in IBM/telco-customer-churn-on-icp4d
 * (data/Telco-Customer-Churn.csv: 7,043 customers, 21 columns), the file the tests' figures
 * (rows, AUC) were measured on.
 */
export const TELCO_SHA256 = '16320c9c1ec72448db59aa0a26a0b95401046bef5d02fd3aeb906448e3055e91';

let checked: string | undefined;

/** The benchmark file's path, after checking it is there and is the expected file; throws otherwise. */
export function telcoFile(): string {
  if (checked) return checked;
  if (!fs.existsSync(TELCO_PATH)) {
    throw new Error(
      `The Telco benchmark file is missing: expected ${TELCO_PATH} (the shared/ folder beside the repository, at ../shared/data/). ` +
        'Copy shared/ next to the checkout; these tests do not skip without it.',
    );
  }
  const actual = createHash('sha256').update(fs.readFileSync(TELCO_PATH)).digest('hex');
  if (actual !== TELCO_SHA256) {
    throw new Error(
      `The Telco benchmark file ${TELCO_PATH} is not the expected one: sha256 ${actual}, expected ${TELCO_SHA256}.`,
    );
  }
  checked = TELCO_PATH;
  return checked;
}
