/**
 * Working time as UTC intervals, one UTC day at a time.
 *
 * Why UTC days and not local days: the definition of working time is pointwise — an instant is
 * working when its local wall-clock reading falls in a window of that local day — and wall time is not
 * monotonic (on a fall-back day 01:30 happens twice). Walking UTC time and translating each stretch of
 * constant offset into wall time always yields intervals in true chronological order, and handles DST
 * for free: a 01:00–03:00 window on a spring-forward day maps to a single real hour (02:00–03:00 never
 * shows on the clock), a 00:00–24:00 window on a fall-back day to 25 hours (01:00–02:00 shows twice).
 */
import { windowsOnLocalDay, type CompiledCalendar } from './calendar.ts';
import { MS_PER_DAY, remember, utcDaySegments } from './zone.ts';

const MAX_CACHED_DAYS_PER_CALENDAR = 40_000;

/**
 * Working intervals inside UTC day `utcDay`, flattened as [start0, end0, start1, end1, …] (UTC ms,
 * half-open, sorted, touching intervals merged). Cached per calendar.
 */
export function workingIntervalsOnUtcDay(calendar: CompiledCalendar, utcDay: number): readonly number[] {
  const cached = calendar.intervalCache.get(utcDay);
  if (cached !== undefined) return cached;
  const out: number[] = [];
  if (!calendar.neverWorks) {
    for (const { startMs, endMs, offsetMs } of utcDaySegments(calendar.zone, utcDay)) {
      // This segment shows wall times [wallStart, wallEnd); it touches one or two local days.
      const wallStart = startMs + offsetMs;
      const wallEnd = endMs + offsetMs;
      const lastLocalDay = Math.floor((wallEnd - 1) / MS_PER_DAY);
      for (let localDay = Math.floor(wallStart / MS_PER_DAY); localDay <= lastLocalDay; localDay++) {
        const midnight = localDay * MS_PER_DAY;
        for (const [startMinute, endMinute] of windowsOnLocalDay(calendar, localDay)) {
          const from = Math.max(midnight + startMinute * 60_000, wallStart);
          const to = Math.min(midnight + endMinute * 60_000, wallEnd);
          if (to > from) push(out, from - offsetMs, to - offsetMs);
        }
      }
    }
  }
  return remember(calendar.intervalCache, utcDay, out, MAX_CACHED_DAYS_PER_CALENDAR);
}

function push(out: number[], start: number, end: number): void {
  // Segments follow each other in time, so an interval can only touch the previous one.
  if (out.length > 0 && out[out.length - 1] === start) out[out.length - 1] = end;
  else out.push(start, end);
}
