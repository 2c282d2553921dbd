import type Twilio from 'twilio';
import type { SmsAdapter } from './channels.js';

/**
 * Twilio SMS through its official SDK (Messages API). `baseUrl` points the SDK's requests at another
 * origin through its own extension point, a custom RequestClient: tests run a local server that answers
 * as Twilio documents; production leaves it unset (api.twilio.com). The SDK is loaded at the first message:
 * it is ~6 MB of heap that every process would otherwise carry and mark at each full garbage collection.
 */
export function createTwilioAdapter(config: Record<string, string>, baseUrl?: string): SmsAdapter {
  let client: Promise<ReturnType<typeof Twilio>> | undefined;
  const connect = async () => {
    const { default: twilio } = await import('twilio');
    class Redirected extends twilio.RequestClient {
      // biome-ignore lint/suspicious/noExplicitAny: the SDK's own generic signature, passed through
      override request(opts: any): any {
        if (!baseUrl) return super.request(opts);
        const uri = new URL(opts.uri);
        const target = new URL(baseUrl);
        uri.protocol = target.protocol;
        uri.host = target.host;
        return super.request({ ...opts, uri: uri.href });
      }
    }
    return twilio(config.accountSid, config.authToken, { httpClient: new Redirected(), autoRetry: false });
  };
  return {
    name: 'twilio',
    async send({ to, text }) {
      client ??= connect();
      const message = await (await client).messages.create({ to, from: config.from, body: text });
      return { providerId: message.sid };
    },
  };
}
