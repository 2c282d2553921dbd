/**
 * SMS providers behind one interface (docs/messaging.md): `log` (the default, for development: the
 * message is logged and recorded, nothing leaves the machine); a real provider is added here.
 */
export interface SmsMessage {
  to: string;
  text: string;
}

export interface SmsAdapter {
  readonly name: 'log' | 'twilio';
  /** Resolves with the provider's message id; throws when the provider refuses (the send is recorded failed). */
  send(message: SmsMessage): Promise<{ providerId: string }>;
}

/** Development: remembers what would have been sent (`sent`), sends nothing. */
export function createLogSmsAdapter(log: (line: string) => void = () => {}): SmsAdapter & { sent: SmsMessage[] } {
  const sent: SmsMessage[] = [];
  return {
    name: 'log',
    sent,
    async send(message) {
      sent.push(message);
      log(`sms to ${message.to}: ${message.text}`);
      return { providerId: `log-${sent.length}` };
    },
  };
}
