import { z } from 'zod';

/**
 * The password policy, one rule for every door that sets a password: the API (users, your own
 * profile), the CLI (`tenure users create --password`) and the users service under both.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

/** What is wrong with a password, as a catalog key and its parameters; undefined when it is fine. */
export function passwordProblem(password: string): { key: string; params: Record<string, unknown> } | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return { key: 'errors.passwordPolicy', params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH } };
  }
  return undefined;
}

/** The policy as a zod schema for request bodies; the issue is phrased from the catalog in the caller's language. */
export const passwordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.key, params: problem.params });
});
