import { z } from 'zod';

/** Ids are short, stable, human-readable slugs: they appear in paths, URLs and idempotency keys. */
export const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'an id starts with a letter and has at most 64 letters, digits, "_", "." or "-"')
  .describe('A stable identifier: a letter, then letters, digits, "_", "." or "-" (at most 64).');
export type Id = z.infer<typeof Id>;

/** The UI and message locales Touchpoint speaks. */
export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Text in one or more locales; which locales are required is decided by the blueprint's `locales`. */
export const LocalizedText = z
  .strictObject({
    'zh-CN': z.string().min(1).max(4000).optional(),
    en: z.string().min(1).max(4000).optional(),
  })
  .describe('Text per locale, e.g. {"zh-CN": "您好", "en": "Hello"}.');
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A display name: plain text or localized text. */
export const Label = z.union([z.string().min(1).max(200), LocalizedText]);
export type Label = z.infer<typeof Label>;

/**
 * A duration such as `30s`, `15m`, `4h`, `2d`. Under a business calendar it counts working time,
 * so `4h` means four working hours and `1d` twenty-four working hours.
 */
export const Duration = z
  .string()
  .regex(/^\d{1,6}(ms|s|m|h|d)$/, 'a duration is a whole number and a unit: ms, s, m, h or d (e.g. "30s", "4h")')
  .describe('A duration: a whole number and a unit (ms, s, m, h, d), e.g. "30s", "4h".');
export type Duration = z.infer<typeof Duration>;

/** A CEL expression (https://cel.dev), compiled and checked by `compileExpression`. */
export const Expression = z
  .string()
  .min(1)
  .max(2000)
  .describe('A CEL expression over case, customer, event, products and entitlements.');
export type Expression = z.infer<typeof Expression>;

/** Wall-clock time of day, `HH:MM`, 24-hour. */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day is "HH:MM" from 00:00 to 24:00');

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date is "YYYY-MM-DD"');
