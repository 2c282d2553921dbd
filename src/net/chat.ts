import { createHmac } from 'node:crypto';
import type { ChannelKind } from '../db/types.js';
import { assertPublicUrl, InternalAddressError } from './public-address.js';

export interface ChatMessage {
  title: string;
  body: string;
  link?: string | null;
}

export interface ChatRequest {
  url: string;
  body: Record<string, unknown>;
}

const hmacBase64 = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('base64');

/** DingTalk custom robot signing: sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret))), timestamp in ms. */
export const dingtalkSign = (secret: string, timestampMs: number) => hmacBase64(secret, `${timestampMs}\n${secret}`);
/** Feishu custom bot signing: sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), timestamp in seconds. */
export const feishuSign = (secret: string, timestampSeconds: number) =>
  hmacBase64(`${timestampSeconds}\n${secret}`, '');

/**
 * The incoming-webhook request each robot expects. `nowMs` is the wall clock on purpose: the
 * robots reject signatures whose timestamp is more than an hour off real time (TENURE_NOW or not).
 */
export function chatRequest(
  kind: ChannelKind,
  url: string,
  secret: string | null,
  message: ChatMessage,
  nowMs: number,
): ChatRequest {
  const linkLine = message.link ? `\n${message.link}` : '';
  switch (kind) {
    case 'wecom':
      return {
        url,
        body: {
          msgtype: 'markdown',
          markdown: {
            content: `**${message.title}**\n${message.body}${message.link ? `\n[${message.link}](${message.link})` : ''}`,
          },
        },
      };
    case 'dingtalk': {
      let target = url;
      if (secret) {
        const sep = url.includes('?') ? '&' : '?';
        target = `${url}${sep}timestamp=${nowMs}&sign=${encodeURIComponent(dingtalkSign(secret, nowMs))}`;
      }
      return {
        url: target,
        body: {
          msgtype: 'markdown',
          markdown: {
            title: message.title,
            text: `### ${message.title}\n${message.body}${message.link ? `\n\n[${message.link}](${message.link})` : ''}`,
          },
        },
      };
    }
    case 'feishu': {
      const text = `${message.title}\n${message.body}${linkLine}`;
      if (!secret) return { url, body: { msg_type: 'text', content: { text } } };
      const timestamp = Math.floor(nowMs / 1000);
      return {
        url,
        body: {
          timestamp: String(timestamp),
          sign: feishuSign(secret, timestamp),
          msg_type: 'text',
          content: { text },
        },
      };
    }
    case 'slack':
      return {
        url,
        body: {
          text: `*${message.title}*\n${message.body}${message.link ? `\n<${message.link}|${message.link}>` : ''}`,
        },
      };
  }
}

/**
 * A failed post, as a catalog key and params for the admin who pressed "Send test message". It never
 * carries the remote reply's text: the server would otherwise relay whatever an address answers.
 */
export class ChatError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

/** Posts to the robot; throws a ChatError unless both HTTP and the robot's own error code say it worked. */
export async function postChat(
  request: ChatRequest,
  { timeoutMs = 10_000, allowPrivate = false }: { timeoutMs?: number; allowPrivate?: boolean } = {},
): Promise<void> {
  if (!allowPrivate) {
    try {
      await assertPublicUrl(request.url);
    } catch (error) {
      throw error instanceof InternalAddressError
        ? new ChatError('notifications.errors.internalAddress', { host: error.host })
        : new ChatError('notifications.errors.unreachable');
    }
  }
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
      // A redirect could lead anywhere, the internal network included: robots do not redirect.
      redirect: 'manual',
    });
  } catch {
    throw new ChatError('notifications.errors.unreachable');
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new ChatError('notifications.errors.httpStatus', { status: response.status });
  // WeCom and DingTalk answer {errcode: 0}; Feishu {code: 0}; Slack the text "ok".
  let parsed: { errcode?: unknown; code?: unknown } | undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const code = parsed?.errcode ?? parsed?.code;
  if (code !== undefined && code !== 0)
    throw new ChatError('notifications.errors.refused', { code: typeof code === 'number' ? code : '?' });
}
