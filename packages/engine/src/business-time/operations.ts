/**
 * The business-time operations. Pure: every instant is passed in, nothing reads the clock.
 *
 * Conventions (shared by all four functions, so that they agree with each other):
 * - Working time is the set of instants whose local wall-clock reading lies in a window of that local
 *   day; windows are half-open [start, end), so 18:00 itself is not working time in a 09:00–18:00 day.
 * - `null`/`undefined` calendar = 24×7: every instant is working time.
 * - `addBusinessTime(c, s, d)` is the *earliest* instant t with businessTimeBetween(c, s, t) === d.
 *   Hence d = 0 returns `s` unchanged (even outside working hours: no time is owed, nothing to wait
 *   for), and a deadline that uses up a window exactly lands on the window's end (Fri 18:00), not on
 *   the next opening (Mon 09:00). Both keep `businessTimeBetween` an exact inverse.
 */
import { compileCalendar, type Calendar, type CompiledCalendar } from './calendar.ts';
import { workingIntervalsOnUtcDay } from './intervals.ts';
import { MS_PER_DAY } from './zone.ts';

/**
 * How far to look for working time before declaring a calendar dead: long enough for any real
 * holiday season, short enough to fail in milliseconds instead of looping forever.
 */
export const NO_WORKING_TIME_HORIZON_DAYS = 1100;

function instant(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function duration(value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`durationMs must be a finite number >= 0, got ${value}`);
  return value;
}

function noWorkingTime(calendar: CompiledCalendar, afterMs: number): Error {
  return new Error(
    `calendar "${calendar.id}" has no working time within 3 years (${NO_WORKING_TIME_HORIZON_DAYS} days) after ${new Date(afterMs).toISOString()}`,
  );
}

/**
 * Visits working intervals at or after `fromMs` in chronological order (clipped to start no earlier
 * than `fromMs`) until `visit` returns true. Throws when a whole horizon passes with no working time,
 * which is the only way a forward search could otherwise run forever.
 */
function forEachIntervalFrom(
  calendar: CompiledCalendar,
  fromMs: number,
  visit: (startMs: number, endMs: number) => boolean,
): void {
  if (calendar.neverWorks) throw noWorkingTime(calendar, fromMs);
  let idleSinceMs = fromMs;
  for (let utcDay = Math.floor(fromMs / MS_PER_DAY); ; utcDay++) {
    const intervals = workingIntervalsOnUtcDay(calendar, utcDay);
    for (let i = 0; i < intervals.length; i += 2) {
      const end = intervals[i + 1]!;
      if (end <= fromMs) continue;
      if (visit(Math.max(intervals[i]!, fromMs), end)) return;
      idleSinceMs = end;
    }
    if ((utcDay + 1) * MS_PER_DAY - idleSinceMs > NO_WORKING_TIME_HORIZON_DAYS * MS_PER_DAY) {
      throw noWorkingTime(calendar, idleSinceMs);
    }
  }
}

/** Is `at` inside a working window? */
export function isWorkingTime(calendar: Calendar | null | undefined, at: Date): boolean {
  const atMs = instant(at, 'at');
  if (calendar == null) return true;
  const intervals = workingIntervalsOnUtcDay(compileCalendar(calendar), Math.floor(atMs / MS_PER_DAY));
  for (let i = 0; i < intervals.length; i += 2) {
    if (intervals[i]! <= atMs && atMs < intervals[i + 1]!) return true;
  }
  return false;
}

/** `at` itself if it is working time, else the opening of the next window. Throws on a dead calendar. */
export function nextWorkingInstant(calendar: Calendar | null | undefined, at: Date): Date {
  const atMs = instant(at, 'at');
  if (calendar == null) return new Date(atMs);
  let found = atMs;
  forEachIntervalFrom(compileCalendar(calendar), atMs, (start) => ((found = start), true));
  return new Date(found);
}

/**
 * The instant at which `durationMs` of working time has elapsed since `start` (counting begins at the
 * next opening if `start` is outside working time). `durationMs` 0 returns `start` (see the top).
 * Cost is one cached pass per UTC day crossed, so 10,000 business hours take milliseconds.
 */
export function addBusinessTime(calendar: Calendar | null | undefined, start: Date, durationMs: number): Date {
  const startMs = instant(start, 'start');
  let remaining = duration(durationMs);
  if (calendar == null || remaining === 0) return new Date(startMs + remaining);
  let result = startMs;
  forEachIntervalFrom(compileCalendar(calendar), startMs, (from, to) => {
    if (remaining <= to - from) {
      result = from + remaining;
      return true;
    }
    remaining -= to - from;
    return false;
  });
  return new Date(result);
}

/** Working milliseconds in [from, to); 0 when `to <= from`. Never throws for a dead calendar (it is 0). */
export function businessTimeBetween(calendar: Calendar | null | undefined, from: Date, to: Date): number {
  const fromMs = instant(from, 'from');
  const toMs = instant(to, 'to');
  if (toMs <= fromMs) return 0;
  if (calendar == null) return toMs - fromMs;
  const compiled = compileCalendar(calendar);
  if (compiled.neverWorks) return 0;
  let total = 0;
  const lastDay = Math.floor((toMs - 1) / MS_PER_DAY);
  for (let utcDay = Math.floor(fromMs / MS_PER_DAY); utcDay <= lastDay; utcDay++) {
    const intervals = workingIntervalsOnUtcDay(compiled, utcDay);
    for (let i = 0; i < intervals.length; i += 2) {
      const overlap = Math.min(intervals[i + 1]!, toMs) - Math.max(intervals[i]!, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** The deadline of an SLA: plain arithmetic on a 24×7 queue (no calendar), business time otherwise. */
export function businessDeadline(calendar: Calendar | null | undefined, start: Date, durationMs: number): Date {
  return calendar == null ? new Date(instant(start, 'start') + duration(durationMs)) : addBusinessTime(calendar, start, durationMs);
}
