import { PluginError } from '@touchpoint/plugin-sdk';

/** The fields nodemailer puts on the errors it hands back (see nodemailer's `NodemailerError`). */
interface SmtpErrorFields {
  code?: string;
  originalCode?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  permanent?: boolean;
  message?: string;
}

const NETWORK = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY']);

/**
 * One nodemailer failure as a coded error whose message says what happened, with the SMTP reply,
 * and whether a retry can help. (The runtime retries every failed step today; the wording is for
 * the person who reads the parked case.) SMTP reply codes are not put in `status`, which is HTTP.
 */
export function smtpFailure(error: unknown, server: { host: string; port: number; user: string }): PluginError {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? (error as SmtpErrorFields) : { message: String(error) };
  const where = `${server.host}:${server.port}`;
  const reply = replyOf(fields);
  const cause = error;
  switch (fields.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return new PluginError({
        code: 'TP_PLUGIN_CONNECTION_INVALID',
        detail: `the SMTP server ${where} refused the login of "${server.user}"${reply}; check the user and password of the connection (retrying will not help)`,
        cause,
      });
    case 'ETLS':
      return new PluginError({
        code: 'TP_PLUGIN_CONNECTION_INVALID',
        detail: `no TLS with the SMTP server ${where}: ${fields.message ?? 'the TLS handshake or STARTTLS failed'}; check host, port and "secure" of the connection`,
        cause,
      });
    case 'EENVELOPE':
    case 'EMESSAGE': {
      if (fields.command === 'API') {
        return new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `the message was not sent to ${where}: ${fields.message ?? 'invalid envelope'}`, cause });
      }
      const what = fields.command === 'RCPT TO' ? 'the recipient' : fields.command === 'MAIL FROM' ? 'the sender' : 'the message';
      return new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `the SMTP server ${where} rejected ${what}${reply}${verdict(fields)}`, cause });
    }
    case 'EABORT':
      return new PluginError({ code: 'TP_PLUGIN_ABORTED', detail: `sending through ${where} was cancelled`, cause });
    default:
      if (fields.code !== undefined && NETWORK.has(fields.code)) {
        const why = fields.originalCode ?? fields.code;
        return new PluginError({
          code: 'TP_PLUGIN_FAILED',
          detail: `could not talk to the SMTP server ${where} (${why}: ${fields.message ?? 'network failure'}); a retry may succeed`,
          cause,
        });
      }
      return new PluginError({
        code: 'TP_PLUGIN_FAILED',
        detail: `sending through ${where} failed${fields.code === undefined ? '' : ` (${fields.code})`}: ${fields.message ?? 'unknown error'}${verdict(fields)}`,
        cause,
      });
  }
}

/** `: 550 5.1.1 Mailbox unavailable`, from the server's reply, when there was one. */
function replyOf(fields: SmtpErrorFields): string {
  const text = fields.response?.replace(/\s+/g, ' ').trim();
  if (text !== undefined && text !== '') return `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
  return fields.responseCode === undefined ? '' : `: ${fields.responseCode}`;
}

function verdict(fields: SmtpErrorFields): string {
  if (fields.responseCode === undefined) return '';
  const permanent = fields.permanent ?? (fields.responseCode >= 500 && fields.responseCode !== 503);
  return permanent ? ' (permanent rejection: retrying will not help)' : ' (temporary: a retry may succeed)';
}
