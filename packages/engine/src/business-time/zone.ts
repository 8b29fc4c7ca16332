/**
 * Time-zone arithmetic with nothing but `Intl` (no date library is allowed in the engine).
 *
 * The one primitive is `zoneOffsetMs(zone, instant)`: how far the local wall clock is ahead of UTC
 * at that instant. Everything else (DST gaps and overlaps) follows from knowing where that offset
 * changes, which `utcDaySegments` finds for one UTC day at a time and caches, so that long SLA
 * computations pay for `Intl` about once per day rather than once per step.
 */

export const MS_PER_DAY = 86_400_000;

/** One `Intl.DateTimeFormat` per zone: constructing them is far more expensive than using them. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        // h23, not hour12:false: some engines render midnight as "24" with hour12:false.
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch (error) {
      // Intl's own message ("Invalid time zone specified") does not say which zone; ours does.
      throw new RangeError(`unknown IANA timezone "${zone}"`, { cause: error });
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Offset of local wall time from UTC, in ms (Asia/Shanghai → +8 h), at `instantMs`.
 * Computed as "the wall clock read as if it were UTC" minus the instant, truncated to whole seconds
 * because Intl shows no milliseconds.
 */
export function zoneOffsetMs(zone: string, instantMs: number): number {
  const parts = formatterFor(zone).formatToParts(instantMs);
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, bc = false;
  for (const part of parts) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      case 'era': bc = part.value === 'BC' || part.value === 'B'; break;
    }
  }
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const wall = new Date(0);
  wall.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  const instantSeconds = Math.floor(instantMs / 1000) * 1000;
  return wall.getTime() - instantSeconds;
}

/** A stretch of UTC time [startMs, endMs) during which the zone's offset does not change. */
export interface OffsetSegment {
  readonly startMs: number;
  readonly endMs: number;
  readonly offsetMs: number;
}

/** Per zone: UTC day number → the offset segments covering that UTC day. Bounded (see `remember`). */
const segmentCache = new Map<string, Map<number, readonly OffsetSegment[]>>();
/** Per zone: offset at the UTC midnight starting day n. Each midnight is shared by two days. */
const midnightOffsetCache = new Map<string, Map<number, number>>();
const MAX_CACHED_DAYS_PER_ZONE = 40_000; // ~110 years; a cleared cache only costs recomputation.

export function remember<K, V>(cache: Map<K, V>, key: K, value: V, max: number): V {
  if (cache.size >= max) cache.clear();
  cache.set(key, value);
  return value;
}

function offsetAtUtcMidnight(zone: string, utcDay: number): number {
  let byDay = midnightOffsetCache.get(zone);
  if (byDay === undefined) midnightOffsetCache.set(zone, (byDay = new Map()));
  const known = byDay.get(utcDay);
  if (known !== undefined) return known;
  return remember(byDay, utcDay, zoneOffsetMs(zone, utcDay * MS_PER_DAY), MAX_CACHED_DAYS_PER_ZONE);
}

/**
 * The offset segments of UTC day `utcDay` ([utcDay·24h, (utcDay+1)·24h)).
 *
 * Assumption: if the offsets at both ends of the day are equal, nothing changed in between. Real zones
 * change at most once in a day (DST starts and ends months apart), so the only thing missed would be
 * a change and its exact reversal within 24 h, which no tz rule does. When they differ, a binary search
 * on whole seconds (tz transitions fall on whole seconds) finds the first instant of the new offset;
 * the search repeats on the remainder in case a zone ever changes twice in one day.
 */
export function utcDaySegments(zone: string, utcDay: number): readonly OffsetSegment[] {
  let byDay = segmentCache.get(zone);
  if (byDay === undefined) segmentCache.set(zone, (byDay = new Map()));
  const cached = byDay.get(utcDay);
  if (cached !== undefined) return cached;

  const dayStart = utcDay * MS_PER_DAY;
  const dayEnd = dayStart + MS_PER_DAY;
  const endOffset = offsetAtUtcMidnight(zone, utcDay + 1);
  const segments: OffsetSegment[] = [];
  let segmentStart = dayStart;
  let offset = offsetAtUtcMidnight(zone, utcDay);
  // At most a handful of iterations; the bound only protects against a misbehaving Intl.
  for (let guard = 0; offset !== endOffset && guard < 8; guard++) {
    let lo = segmentStart / 1000; // seconds; offset(lo) === offset
    let hi = dayEnd / 1000; // offset(hi) !== offset (at least eventually)
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zoneOffsetMs(zone, mid * 1000) === offset) lo = mid;
      else hi = mid;
    }
    const change = hi * 1000;
    segments.push({ startMs: segmentStart, endMs: change, offsetMs: offset });
    segmentStart = change;
    offset = zoneOffsetMs(zone, change);
  }
  segments.push({ startMs: segmentStart, endMs: dayEnd, offsetMs: offset });
  return remember(byDay, utcDay, segments, MAX_CACHED_DAYS_PER_ZONE);
}


/** "YYYY-MM-DD" of a local day number (the wall-time day, so plain UTC formatting is correct). */
export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, matching the order of the calendar's `week` keys. 1970-01-01 was a Thursday. */
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}
