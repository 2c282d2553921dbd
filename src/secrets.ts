import { createHash, randomBytes } from 'node:crypto';

/** A fresh random secret, URL-safe. */
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Session and API tokens are stored as SHA-256 digests: a database leak reveals no usable token. */
export const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');
