import { z } from 'zod';
import { endpoint } from './endpoint.js';

/**
 * In-app messages (docs/inapp.md): the admin's settings of the JavaScript snippet, and the bodies the
 * snippet posts to the public /v1/inapp endpoints (identified by a user id signed with the in-app secret).
 */
export const inAppSettingsSchema = z.object({
  /** Whether a secret is set; the secret itself is shown only when made. */
  secretSet: z.boolean(),
  /** Where the snippet is served: `<TENURE_PUBLIC_URL>/inapp.js`. */
  scriptUrl: z.string(),
});

/** Who the page says its user is: `userHash` = hex HMAC-SHA256(in-app secret, userId). */
export const inAppIdentitySchema = z.object({
  userId: z.string().trim().min(1).max(200),
  /** Missing or wrong: 401, the same answer, so a caller learns nothing about who exists. */
  userHash: z.string().trim().max(200).optional(),
  /** Accepted for convenience and ignored for matching: it is not signed. */
  email: z.string().max(320).optional(),
});

export const IN_APP_EVENTS = ['view', 'click', 'dismiss'] as const;
export const inAppEventSchema = inAppIdentitySchema.extend({
  sendId: z.uuid(),
  type: z.enum(IN_APP_EVENTS),
  url: z.string().max(2000).nullable().optional(),
});

/** An in-app survey answer: the prompt's token authenticates it, as the answer page's link does. */
export const inAppAnswerSchema = z.object({
  token: z.string().min(10).max(8000),
  score: z.number().int().min(0).max(10),
  comment: z.string().max(5000).optional(),
});

export const inappApi = {
  settings: endpoint({ method: 'GET', path: '/api/messaging/inapp', response: inAppSettingsSchema }),
  rotateSecret: endpoint({
    method: 'POST',
    path: '/api/messaging/inapp/secret',
    response: z.object({ secret: z.string() }),
  }),
};
