import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every mail it takes, for the mailer to send to
 * (`SMTP_URL: smtp.url`). `refuseAll` turns every mail away after its data; `refuseRecipient`
 * refuses the addresses it matches at RCPT TO (550), as a mailbox that does not exist would be.
 */
export async function startSmtpServer() {
  const mails: ReceivedMail[] = [];
  const smtp = {
    mails,
    url: '',
    refuseAll: false,
    refuseRecipient: (_address: string) => false,
    /** Forgets what was received and refuses nothing again (between tests). */
    reset() {
      mails.length = 0;
      smtp.refuseAll = false;
      smtp.refuseRecipient = () => false;
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(
        smtp.refuseRecipient(address.address)
          ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })
          : undefined,
      );
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        if (smtp.refuseAll) return callback(new Error('mailbox unavailable'));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  smtp.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return smtp;
}

/** The text of a quoted-printable mail: soft breaks undone, each run of =XX bytes read as UTF-8. */
export const decodeQuotedPrintable = (raw: string) =>
  raw
    .replace(/=\r?\n/g, '')
    .replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replaceAll('=', ''), 'hex').toString('utf8'));
