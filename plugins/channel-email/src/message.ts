import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';

/** The subject when the template has none, per case locale. */
export const DEFAULT_SUBJECT = {
  'zh-CN': '您有一条新消息',
  en: 'You have a new message',
} as const;

export const IDEMPOTENCY_HEADER = 'X-Touchpoint-Idempotency-Key';

/** `&`, `<`, `>`, `"` and `'` as entities, so rendered text can never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The plain text as a small HTML document: escaped, line breaks kept. */
export function textToHtml(text: string, locale: string): string {
  const body = escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>\n');
  return `<!doctype html>\n<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}

/**
 * A Message-ID that is the same on every retry of one step, so that a duplicate that gets through
 * (the runtime delivers at least once) is recognisable by receivers and threads as one message.
 * The tenant is part of the hash: idempotency keys are unique per tenant, not across tenants.
 */
export function stableMessageId(tenantId: string, idempotencyKey: string, fromAddress: string): string {
  const digest = createHash('sha256').update(`${tenantId}\n${idempotencyKey}`).digest('hex').slice(0, 32);
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'touchpoint.invalid';
  return `<tp.${digest}@${domain}>`;
}

export interface ComposeInput {
  to: string;
  text: string;
  subject?: string | undefined;
  locale: keyof typeof DEFAULT_SUBJECT;
}

export interface ComposeContext {
  tenantId: string;
  idempotencyKey: string;
  date: Date;
  from: string;
  fromName?: string | undefined;
  replyTo?: string | undefined;
}

/** The nodemailer message for one send: text and its HTML alternative, stable Message-ID, idempotency header. */
export function composeMessage(input: ComposeInput, context: ComposeContext): SendMailOptions {
  const subject = input.subject !== undefined && input.subject.trim() !== '' ? input.subject : DEFAULT_SUBJECT[input.locale];
  return {
    from: context.fromName === undefined ? context.from : { name: context.fromName, address: context.from },
    to: input.to,
    ...(context.replyTo === undefined ? {} : { replyTo: context.replyTo }),
    subject,
    text: input.text,
    html: textToHtml(input.text, input.locale),
    date: context.date,
    messageId: stableMessageId(context.tenantId, context.idempotencyKey, context.from),
    headers: { [IDEMPOTENCY_HEADER]: context.idempotencyKey },
  };
}
