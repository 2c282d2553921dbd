import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens in tracking and unsubscribe links: the payload (base64url JSON) and an HMAC-SHA256 of it
 * under the workspace's messaging secret, so nobody records an open, a click or an unsubscribe for a
 * send they did not receive, and a click redirects only to a URL the message carried.
 */
export type LinkPayload =
  | { k: 'o'; s: string }
  | { k: 'c'; s: string; u: string }
  | { k: 'u'; s: string | null; c: string }
  /** Another module's link (a survey answer page): what it is for, and the id of its row. */
  | { k: 'x'; p: string; i: string };

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

export function signToken(secret: string, payload: LinkPayload): string {
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${data}.${mac(secret, data)}`;
}

export function verifyToken(secret: string, token: string): LinkPayload | undefined {
  const [data, signature, extra] = token.split('.');
  if (!data || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(secret, data));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    return JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as LinkPayload;
  } catch {
    return undefined;
  }
}

/**
 * The webhook signature header (docs/messaging.md): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * so a receiver can refuse replays older than a few minutes.
 */
export function webhookSignature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
