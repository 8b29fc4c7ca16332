import { z } from 'zod';
import { Id, LocalizedText } from './primitives.ts';

/** A message template in each declared locale; `{{case.field}}` placeholders are filled per case. */
export const MessageTemplate = z.strictObject({
  id: Id,
  subject: LocalizedText.optional().describe('For channels with a subject line, such as email.'),
  text: LocalizedText,
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;
