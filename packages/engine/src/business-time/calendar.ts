/**
 * Turning a `BusinessCalendar` (strings, as authored) into the numbers the arithmetic needs.
 * Compiled once per calendar object and kept in a WeakMap, so calendars must be treated as immutable
 * once they have been used (the engine parses blueprints once and never mutates them).
 */
import type { BusinessCalendar, TimeWindow } from '@touchpoint/blueprint';
import { isoDate, weekdayIndex } from './zone.ts';

/** The calendar shape this module works on. `null`/`undefined` wherever accepted means 24×7. */
export type Calendar = BusinessCalendar;

/** Same order as `weekdayIndex`: Monday first. */
const WEEK_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Windows as minutes since local midnight, [start, end), sorted, non-empty, non-overlapping. */
export type MinuteWindows = readonly (readonly [number, number])[];

export interface CompiledCalendar {
  readonly id: string;
  readonly zone: string;
  readonly week: readonly MinuteWindows[]; // index 0 = Monday
  readonly makeUpWindows: MinuteWindows;
  readonly holidays: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
  /** True when no weekday and no make-up day has any window: nothing can ever be worked. */
  readonly neverWorks: boolean;
  /** UTC day number → working intervals in that UTC day (see intervals.ts). */
  readonly intervalCache: Map<number, readonly number[]>;
}

function minutes(time: string): number {
  // "HH:MM", validated by the blueprint schema; "24:00" → 1440, the end of the day.
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * The blueprint validator already rejects empty and overlapping windows, but this module is also fed
 * calendars built in code, so it normalises instead of trusting: windows ending at or before their
 * start are dropped (there are no overnight windows: split them at midnight), the rest are sorted and
 * overlapping ones merged, so no minute is ever counted twice.
 */
export function normaliseWindows(windows: readonly TimeWindow[] | undefined): MinuteWindows {
  const spans = (windows ?? [])
    .map((w) => [minutes(w.start), Math.min(minutes(w.end), 1440)] as [number, number])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

export function compileCalendar(calendar: Calendar): CompiledCalendar {
  let result = compiled.get(calendar);
  if (result === undefined) {
    const week = WEEK_KEYS.map((key) => normaliseWindows(calendar.week[key]));
    // The schema's documented default: a make-up workday works Monday's hours.
    const makeUpWindows = normaliseWindows(calendar.makeUpDayWindows ?? calendar.week.mon);
    const makeUpWorkdays = new Set(calendar.makeUpWorkdays ?? []);
    result = {
      id: calendar.id,
      zone: calendar.timezone,
      week,
      makeUpWindows,
      holidays: new Set(calendar.holidays ?? []),
      makeUpWorkdays,
      neverWorks: week.every((w) => w.length === 0) && (makeUpWindows.length === 0 || makeUpWorkdays.size === 0),
      intervalCache: new Map(),
    };
    compiled.set(calendar, result);
  }
  return result;
}

/**
 * The windows of one local day. A holiday wins over everything (a date listed both as holiday and as
 * make-up day is rejected by the validator; if one slips through, the day off is the reading that
 * never invents working time). A make-up day uses the make-up windows even if it falls on a weekday.
 */
export function windowsOnLocalDay(calendar: CompiledCalendar, localDay: number): MinuteWindows {
  if (calendar.holidays.size > 0 || calendar.makeUpWorkdays.size > 0) {
    const date = isoDate(localDay);
    if (calendar.holidays.has(date)) return [];
    if (calendar.makeUpWorkdays.has(date)) return calendar.makeUpWindows;
  }
  return calendar.week[weekdayIndex(localDay)] ?? [];
}
