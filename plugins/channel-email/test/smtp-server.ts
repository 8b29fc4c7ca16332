import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  /** The login that sent it. */
  user: string;
  mailFrom: string;
  rcptTo: string[];
  /** The message as it arrived after DATA (CRLF line ends). */
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  delivered: Delivered[];
  /** Every AUTH attempt the server saw, with the password it carried. */
  logins: { method: string; username: string; password: string }[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  user: string;
  password: string;
  /** Answer RCPT TO with this SMTP reply (e.g. 550) instead of accepting it. */
  rejectRecipient?: { code: number; message: string };
}

/**
 * A real SMTP server on 127.0.0.1 (random port): AUTH PLAIN/LOGIN checked against one account,
 * no STARTTLS (so the session stays readable and needs no certificate), messages kept in memory.
 */
export async function startSmtpServer(options: TestSmtpOptions): Promise<TestSmtpServer> {
  const delivered: Delivered[] = [];
  const logins: TestSmtpServer['logins'] = [];
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    size: 1024 * 1024,
    onAuth(auth, _session, callback) {
      logins.push({ method: auth.method, username: auth.username ?? '', password: auth.password ?? '' });
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const reject = options.rejectRecipient;
      if (reject === undefined) callback();
      else callback(Object.assign(new Error(reject.message), { responseCode: reject.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        delivered.push({
          user: String(session.user),
          mailFrom: mailFrom === false ? '' : mailFrom.address,
          rcptTo: rcptTo.map((address) => address.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null, 'queued as test-1');
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    delivered,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
