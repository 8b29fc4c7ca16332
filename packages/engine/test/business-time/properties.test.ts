/**
 * Properties checked with fast-check over several calendars, three of them in DST zones (New York,
 * Santiago with midnight transitions, Lord Howe with a 30-minute shift). Starts are biased towards the
 * DST-change days of 2026 so that the interesting cases are not left to chance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calendar } from '../../src/business-time/index.ts';
import { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingInstant } from '../../src/business-time/index.ts';
import { HOUR, MINUTE, lordHowe, nationalDay2026, newYorkDst, oracleIsWorking, oracleWorkingMs, santiagoWeekend } from './fixtures.ts';

const CALENDARS: Calendar[] = [nationalDay2026(), newYorkDst(), santiagoWeekend(), lordHowe()];
const DAY = 24 * HOUR;

/** DST changes in 2026 for the zones above (UTC), plus National Day. */
const HOT_SPOTS = [
  '2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', // New York
  '2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z', // Santiago
  '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', // Lord Howe
  '2026-10-01T00:00:00Z', // National Day
].map(Date.parse);

/** An instant in 2026, half the time within two days of a hot spot. Any millisecond. */
const instantArb = fc.oneof(
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...HOT_SPOTS), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([t, d]) => t + d),
);
/** Same, but on a whole minute, for comparison with the minute-by-minute oracle. */
const minuteArb = instantArb.map((t) => Math.floor(t / MINUTE) * MINUTE);
/** Up to 300 business hours, any millisecond; small ones often. */
const durationArb = fc.oneof(fc.integer({ min: 0, max: 3 * HOUR }), fc.integer({ min: 0, max: 300 * HOUR }));
const calendarArb = fc.constantFrom(...CALENDARS);

describe('business-time properties', () => {
  it('businessTimeBetween(c, s, addBusinessTime(c, s, d)) === d, and the deadline is the earliest such instant', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (cal, startMs, d) => {
        const start = new Date(startMs);
        const end = addBusinessTime(cal, start, d);
        expect(businessTimeBetween(cal, start, end)).toBe(d);
        // Earliest: one millisecond before the deadline, one millisecond is still owed.
        if (d > 0) expect(businessTimeBetween(cal, start, new Date(end.getTime() - 1))).toBe(d - 1);
        else expect(end.getTime()).toBe(startMs);
      }),
      { numRuns: 400 },
    );
  });

  it('adding in two steps equals adding once', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (cal, startMs, a, b) => {
        const start = new Date(startMs);
        expect(addBusinessTime(cal, addBusinessTime(cal, start, a), b)).toEqual(addBusinessTime(cal, start, a + b));
      }),
      { numRuns: 300 },
    );
  });

  it('businessTimeBetween is additive over a split point', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.nat(5 * DAY), fc.nat(5 * DAY), (cal, fromMs, x, y) => {
        const [from, mid, to] = [fromMs, fromMs + x, fromMs + x + y].map((t) => new Date(t)) as [Date, Date, Date];
        expect(businessTimeBetween(cal, from, to)).toBe(businessTimeBetween(cal, from, mid) + businessTimeBetween(cal, mid, to));
      }),
      { numRuns: 300 },
    );
  });

  it('isWorkingTime agrees with a naive Intl-per-instant oracle', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        expect(isWorkingTime(cal, new Date(t))).toBe(oracleIsWorking(cal, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('businessTimeBetween over up to two days equals the oracle’s minute-by-minute count', () => {
    fc.assert(
      fc.property(calendarArb, minuteArb, fc.integer({ min: 0, max: 2 * 24 * 60 }), (cal, fromMs, minutes) => {
        const to = new Date(fromMs + minutes * MINUTE);
        expect(businessTimeBetween(cal, new Date(fromMs), to)).toBe(oracleWorkingMs(cal, fromMs, minutes));
      }),
      { numRuns: 120 },
    );
  });

  it('nextWorkingInstant is working time, with no working time before it', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (cal, t) => {
        const next = nextWorkingInstant(cal, new Date(t));
        expect(isWorkingTime(cal, next)).toBe(true);
        expect(businessTimeBetween(cal, new Date(t), next)).toBe(0);
        expect(next.getTime()).toBeGreaterThanOrEqual(t);
      }),
      { numRuns: 400 },
    );
  });
});
