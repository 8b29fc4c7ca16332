import { defineAction, PluginError, SendInput } from '@touchpoint/plugin-sdk';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { EmailAddress, EmailConnection } from './connection.ts';
import { composeMessage } from './message.ts';
import { smtpFailure } from './smtp-error.ts';

/** What a touchpoint sends: the SDK's SendInput, with `to` required and an email address. */
export const EmailSendInput = SendInput.extend({
  to: EmailAddress().describe("The customer's email address"),
});

export const EmailSendOutput = z.object({
  messageId: z.string().describe('The Message-ID header, the same on every retry of the step'),
  accepted: z.array(z.string()).describe('Recipients the SMTP server accepted'),
});

/** Waits on the network stay under the runtime's 15 s for a channel send (`SEND_RETRY.timeoutMs`). */
const TIMEOUTS = { connectionTimeout: 8_000, greetingTimeout: 8_000, socketTimeout: 12_000, socketCloseTimeout: 1_000 };

export const send = defineAction({
  connection: EmailConnection,
  input: EmailSendInput,
  output: EmailSendOutput,
  editor: {
    label: { 'zh-CN': '发送邮件', en: 'Send an email' },
    description: {
      'zh-CN': '通过 SMTP 发送纯文本邮件（附 HTML 版本）；主题取自模板，没有时按语言使用默认主题。',
      en: "Sends a plain-text email (with an HTML alternative) over SMTP; the subject comes from the template, or a default in the case's locale.",
    },
  },
  async run(ctx, input) {
    const connection = ctx.connection;
    const server = { host: connection.host, port: connection.port, user: connection.user };
    const transporter = nodemailer.createTransport({
      host: connection.host,
      port: connection.port,
      secure: connection.secure,
      requireTLS: !connection.secure && connection.requireTls,
      auth: { user: connection.user, pass: connection.password },
      ...TIMEOUTS,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
      debug: false,
    });
    try {
      const message = composeMessage(input, {
        tenantId: ctx.tenantId,
        idempotencyKey: ctx.idempotencyKey,
        date: ctx.clock.now(),
        from: connection.from,
        fromName: connection.fromName,
        replyTo: connection.replyTo,
      });
      const info = await transporter.sendMail({ ...message, signal: ctx.signal });
      const accepted = info.accepted.map(String);
      if (accepted.length === 0) {
        throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `the SMTP server ${server.host}:${server.port} accepted no recipient: ${info.response}` });
      }
      ctx.logger.info('email sent', { messageId: info.messageId, response: info.response, attempt: ctx.attempt });
      return { messageId: info.messageId, accepted };
    } catch (error) {
      throw error instanceof PluginError ? error : smtpFailure(error, server);
    } finally {
      transporter.close();
    }
  },
});
