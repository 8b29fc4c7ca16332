import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/**
 * An ASCII email address as browsers check it (WHATWG): punycode domains such as
 * `example.xn--fiqs8s` (.中国) pass, which zod's default email pattern refuses.
 */
export const EmailAddress = () => z.email({ pattern: z.regexes.html5Email });

/** What a tenant enters to send email through their own SMTP server (or a provider's SMTP relay). */
export const EmailConnection = z.object({
  host: z.string().min(1).describe('SMTP server host name, e.g. smtp.exmail.qq.com'),
  port: z.number().int().min(1).max(65_535).default(587).describe('587 for STARTTLS, 465 for TLS from the start'),
  secure: z.boolean().default(false).describe('TLS from the first byte (port 465); false upgrades with STARTTLS'),
  requireTls: z
    .boolean()
    .default(true)
    .describe('When not secure: refuse to log in unless the server upgrades with STARTTLS, so the password never crosses the network in clear'),
  user: z.string().min(1).describe('SMTP login'),
  password: secret(z.string().min(1)).describe('SMTP password or app password'),
  from: EmailAddress().describe('Sender address, e.g. service@acme.example'),
  fromName: z.string().min(1).max(100).optional().describe('Display name of the sender, e.g. Acme 客服'),
  replyTo: EmailAddress().optional().describe('Where customer replies go, when not the sender address'),
});
export type EmailConnection = z.output<typeof EmailConnection>;
