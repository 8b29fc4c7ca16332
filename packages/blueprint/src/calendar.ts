import { z } from 'zod';
import { CalendarDate, Id, Label, TimeOfDay } from './primitives.ts';

export const TimeWindow = z
  .strictObject({ start: TimeOfDay, end: TimeOfDay })
  .describe('A working window on one day, e.g. {"start": "09:00", "end": "12:00"}.');
export type TimeWindow = z.infer<typeof TimeWindow>;

const Windows = z.array(TimeWindow).max(12);
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A business calendar: when SLA time runs. Several windows per weekday (lunch does not count),
 * public holidays, and make-up working days (调休) whose hours follow `makeUpDayWindows`.
 */
export const BusinessCalendar = z.strictObject({
  id: Id,
  name: Label.optional(),
  timezone: z.string().min(1).max(64).describe('An IANA timezone such as "Asia/Shanghai".'),
  week: z
    .strictObject({
      mon: Windows.optional(),
      tue: Windows.optional(),
      wed: Windows.optional(),
      thu: Windows.optional(),
      fri: Windows.optional(),
      sat: Windows.optional(),
      sun: Windows.optional(),
    })
    .describe('Working windows per weekday; a missing day is a day off.'),
  holidays: z.array(CalendarDate).max(1000).default([]).describe('Days off although their weekday works.'),
  makeUpWorkdays: z
    .array(CalendarDate)
    .max(1000)
    .default([])
    .describe('Days that work although their weekday is off (调休), e.g. a Sunday before a long holiday.'),
  makeUpDayWindows: Windows.optional().describe('Windows of a make-up workday; defaults to Monday\'s.'),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;
