/**
 * Calendars shared by the business-time tests, and an independent oracle: a deliberately naive
 * "is this minute working?" that asks Intl for the local date/weekday/time of each instant and checks
 * the windows as strings. It shares no code with the implementation (no offsets, no segments, no
 * caches), so agreement between the two is real evidence.
 */
import type { Calendar } from '../../src/business-time/index.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

type Window = { start: string; end: string };
const w = (start: string, end: string): Window => ({ start, end });

/** The common Chinese office day: lunch does not count. 7.5 h a day. */
export const OFFICE_DAY: Window[] = [w('09:00', '12:00'), w('13:30', '18:00')];

export function calendar(partial: Partial<Calendar> & Pick<Calendar, 'timezone' | 'week'>): Calendar {
  return { id: 'test', holidays: [], makeUpWorkdays: [], ...partial };
}

export const shanghaiOffice = (extra: Partial<Calendar> = {}): Calendar =>
  calendar({
    id: 'shanghai-office',
    timezone: 'Asia/Shanghai',
    week: { mon: OFFICE_DAY, tue: OFFICE_DAY, wed: OFFICE_DAY, thu: OFFICE_DAY, fri: OFFICE_DAY },
    ...extra,
  });

/** 2026 National Day (国庆) as the brief gives it: five weekday holidays and two make-up days. */
export const nationalDay2026 = (): Calendar =>
  shanghaiOffice({
    id: 'cn-2026',
    holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
    makeUpWorkdays: ['2026-09-27', '2026-10-10'],
  });

/** New York office hours plus a Sunday 01:00–03:00 window that straddles both DST changes. */
export const newYorkDst = (): Calendar =>
  calendar({
    id: 'ny-dst',
    timezone: 'America/New_York',
    week: {
      mon: [w('09:00', '17:00')],
      tue: [w('09:00', '17:00')],
      wed: [w('09:00', '12:00'), w('13:00', '17:00')],
      thu: [w('09:00', '17:00')],
      fri: [w('09:00', '17:00')],
      sun: [w('01:00', '03:00')],
    },
    holidays: ['2026-07-03', '2026-11-26'],
  });

/** Santiago changes its clocks at midnight, so a day can repeat 23:00–24:00 or lose 00:00–01:00. */
export const santiagoWeekend = (): Calendar =>
  calendar({
    id: 'santiago',
    timezone: 'America/Santiago',
    week: { fri: [w('20:00', '24:00')], sat: [w('00:00', '24:00')], sun: [w('00:00', '02:00'), w('22:00', '24:00')] },
  });

/** Lord Howe Island's DST is 30 minutes. */
export const lordHowe = (): Calendar =>
  calendar({ id: 'lord-howe', timezone: 'Australia/Lord_Howe', week: { sun: [w('01:00', '03:00'), w('12:00', '13:00')], mon: OFFICE_DAY } });

const WEEKDAY_KEYS: Record<string, keyof Calendar['week']> = {
  Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun',
};

const oracleFormatters = new Map<string, Intl.DateTimeFormat>();

/** The naive oracle: is the instant `ms` working time under `cal`? */
export function oracleIsWorking(cal: Calendar, ms: number): boolean {
  let f = oracleFormatters.get(cal.timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: cal.timezone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    oracleFormatters.set(cal.timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const hhmm = `${p.hour}:${p.minute}`;
  if (cal.holidays.includes(date)) return false;
  const windows = cal.makeUpWorkdays.includes(date)
    ? (cal.makeUpDayWindows ?? cal.week.mon ?? [])
    : (cal.week[WEEKDAY_KEYS[p.weekday!]!] ?? []);
  // String comparison works for zero-padded HH:MM, and "24:00" is above every real reading.
  return windows.some((win) => win.start <= hhmm && hhmm < win.end);
}

/** Working ms in [fromMs, fromMs + minutes·1min), counted one minute at a time with the oracle. */
export function oracleWorkingMs(cal: Calendar, fromMs: number, minutes: number): number {
  let total = 0;
  for (let i = 0; i < minutes; i++) if (oracleIsWorking(cal, fromMs + i * MINUTE)) total += MINUTE;
  return total;
}

/** Shorthand: an ISO string with its offset, as a Date. */
export const at = (iso: string): Date => new Date(iso);
