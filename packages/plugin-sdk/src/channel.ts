import { Locale } from '@touchpoint/blueprint';
import { z } from 'zod';

/**
 * What a channel plugin's `send` action receives from a touchpoint or survey node: the rendered
 * message in the case's locale, the template it came from and, usually, the recipient. Extend it
 * for channel-specific fields (`SendInput.extend({ mediaUrl: z.url().optional() })`).
 */
export const SendInput = z.object({
  to: z.string().min(1).optional().describe("The recipient; absent when the channel knows the customer's address itself."),
  text: z.string().describe('The rendered message.'),
  subject: z.string().optional().describe('For channels with subjects (email).'),
  locale: Locale,
  template: z.string().describe('The message template id the text was rendered from.'),
});
export type SendInput = z.output<typeof SendInput>;
