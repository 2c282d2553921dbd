import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Where the recipient's answer goes (the CSM who wrote it), when not to the from address. */
  replyTo?: string;
  /** Extra headers (List-Unsubscribe for marketing messages, src/modules/messaging). */
  headers?: Record<string, string>;
  /** The Message-ID (`<id@host>`), when a reply or a bounce must find its way back to the send. */
  messageId?: string;
}

export type MailResult = { status: 'sent'; messageId: string } | { status: 'skipped'; reason: 'smtp_not_configured' };

export interface Mailer {
  /** True when SMTP_URL is set; otherwise every send is recorded as skipped, nothing leaves the machine. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<MailResult>;
}

/** `services.mailer`: nodemailer over SMTP (SMTP_URL, TENURE_MAIL_FROM). Throws on a refused send so jobs retry. */
export function createMailer({ smtpUrl, from }: { smtpUrl?: string; from: string }): Mailer {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  return {
    configured: transport !== undefined,
    async send(message) {
      if (!transport) return { status: 'skipped', reason: 'smtp_not_configured' };
      const info = await transport.sendMail({ from, ...message });
      return { status: 'sent', messageId: String(info.messageId) };
    },
  };
}
