import { z } from 'zod';

export const FaqLocale = z.enum(['zh-CN', 'en']);
export type FaqLocale = z.infer<typeof FaqLocale>;

/** Text in one or both locales; at least one is required. */
const LocalizedText = z
  .object({
    'zh-CN': z.string().trim().min(1).max(4000).optional(),
    en: z.string().trim().min(1).max(4000).optional(),
  })
  .refine((text) => text['zh-CN'] !== undefined || text.en !== undefined, 'give the text in zh-CN, en or both');

/** One question and its answer. `keywords` (any language) are words customers use for it. */
export const FaqEntry = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id is letters, digits, ".", "_" or "-"'),
  question: LocalizedText.describe('The question as the FAQ states it.'),
  answer: LocalizedText.describe('What the bot replies.'),
  keywords: z.array(z.string().trim().min(1).max(100)).max(50).optional().describe('Words and phrases customers use for this question, in any language.'),
});
export type FaqEntry = z.output<typeof FaqEntry>;

/** Decision thresholds, tuned on the sample FAQ (see README, "Tuning"). */
export const DEFAULT_MIN_SCORE = 0.4;
export const DEFAULT_MIN_MARGIN = 1.5;

export const KbConnection = z.object({
  entries: z
    .array(FaqEntry)
    .max(2000)
    .superRefine((entries, issue) => {
      const seen = new Set<string>();
      for (const [index, entry] of entries.entries()) {
        if (seen.has(entry.id)) issue.addIssue({ code: 'custom', path: [index, 'id'], message: `the id "${entry.id}" is used twice` });
        seen.add(entry.id);
      }
    })
    .optional()
    .describe('The FAQ. Leave it out to use the built-in sample travel and ticketing FAQ.'),
  minScore: z
    .number()
    .min(0)
    .max(1)
    .default(DEFAULT_MIN_SCORE)
    .describe('The lowest score (0..1: how much of the question the best entry explains) that counts as an answer.'),
  minMargin: z
    .number()
    .min(1)
    .max(10)
    .default(DEFAULT_MIN_MARGIN)
    .describe('How many times better than the runner-up the best entry must score to be used.'),
});
export type KbConnection = z.output<typeof KbConnection>;

export const AnswerInput = z.object({
  question: z.string().trim().min(1, 'the question is empty').max(2000).describe("The customer's question, as they wrote it."),
  locale: FaqLocale.optional().describe("The language of the reply; when left out, the question's own language (Chinese or English)."),
});

export const AnswerOutput = z.object({
  answered: z.boolean().describe('true when one entry answers the question with confidence; route to a person otherwise.'),
  answer: z.string().optional().describe('The localized answer, when answered.'),
  entryId: z.string().optional().describe('The best entry, answered or not (for reports and for the person who takes over).'),
  locale: FaqLocale.describe('The locale the reply is (or would be) in.'),
  score: z.number().min(0).max(1).describe('How much of the question the best entry explains, 0..1 (IDF-weighted share of its words).'),
  confidence: z.number().min(0).max(1).describe('score, discounted by how close the runner-up came, 0..1.'),
});
export type AnswerOutput = z.output<typeof AnswerOutput>;
