/** Asia/Shanghai, Mon–Fri 09:00–12:00 and 13:30–18:00. 2026-03-06 is a Friday, 03-09 a Monday. */
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessDeadline,
  businessTimeBetween,
  isWorkingTime,
  nextWorkingInstant,
} from '../../src/business-time/index.ts';
import { HOUR, MINUTE, at, shanghaiOffice } from './fixtures.ts';

const cal = shanghaiOffice();

describe('addBusinessTime on an office calendar with lunch', () => {
  it('carries a 4 h target from Friday 16:00 over the weekend to Monday 11:00', () => {
    // Fri 16:00–18:00 = 2 h, then Mon 09:00–11:00 = 2 h.
    expect(addBusinessTime(cal, at('2026-03-06T16:00:00+08:00'), 4 * HOUR)).toEqual(at('2026-03-09T11:00:00+08:00'));
  });

  it('skips lunch: 11:00 + 2 h = 14:30', () => {
    // 11:00–12:00 = 1 h, lunch, 13:30–14:30 = 1 h.
    expect(addBusinessTime(cal, at('2026-03-09T11:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-03-09T14:30:00+08:00'));
  });

  it('starts counting at 13:30 when started during lunch', () => {
    expect(addBusinessTime(cal, at('2026-03-09T12:30:00+08:00'), 30 * MINUTE)).toEqual(at('2026-03-09T14:00:00+08:00'));
  });

  it('starts counting on Monday 09:00 when started on Saturday', () => {
    expect(addBusinessTime(cal, at('2026-03-07T10:00:00+08:00'), HOUR)).toEqual(at('2026-03-09T10:00:00+08:00'));
    expect(addBusinessTime(cal, at('2026-03-06T18:00:00+08:00'), MINUTE)).toEqual(at('2026-03-09T09:01:00+08:00'));
  });

  it('starts counting at 09:00 when started before opening', () => {
    expect(addBusinessTime(cal, at('2026-03-09T07:15:00+08:00'), 45 * MINUTE)).toEqual(at('2026-03-09T09:45:00+08:00'));
  });

  it('ends on the closing instant when a target exactly uses up a window (not on the next opening)', () => {
    expect(addBusinessTime(cal, at('2026-03-06T16:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-03-06T18:00:00+08:00'));
    expect(addBusinessTime(cal, at('2026-03-09T09:00:00+08:00'), 3 * HOUR)).toEqual(at('2026-03-09T12:00:00+08:00'));
  });

  it('counts a full week as 5 × 7.5 h', () => {
    // Mon 09:00 + 37.5 h = Fri 18:00; one millisecond more = next Monday 09:00.001.
    expect(addBusinessTime(cal, at('2026-03-09T09:00:00+08:00'), 37.5 * HOUR)).toEqual(at('2026-03-13T18:00:00+08:00'));
    expect(addBusinessTime(cal, at('2026-03-09T09:00:00+08:00'), 37.5 * HOUR + 1)).toEqual(at('2026-03-16T09:00:00.001+08:00'));
  });

  it('returns the start unchanged for a zero duration, even outside working hours', () => {
    const saturday = at('2026-03-07T10:00:00+08:00');
    const result = addBusinessTime(cal, saturday, 0);
    expect(result).toEqual(saturday);
    expect(result).not.toBe(saturday); // a fresh Date: callers may mutate it
  });

  it('keeps millisecond precision', () => {
    expect(addBusinessTime(cal, at('2026-03-09T11:59:59.999+08:00'), 2)).toEqual(at('2026-03-09T13:30:00.001+08:00'));
  });

  it('rejects negative, NaN and infinite durations and invalid dates', () => {
    expect(() => addBusinessTime(cal, at('2026-03-09T09:00:00+08:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessTime(cal, at('2026-03-09T09:00:00+08:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessTime(cal, at('2026-03-09T09:00:00+08:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addBusinessTime(cal, new Date('not a date'), HOUR)).toThrow(/start must be a valid Date/);
  });
});

describe('businessTimeBetween', () => {
  it('measures Friday 16:00 → Monday 11:00 as 4 h', () => {
    expect(businessTimeBetween(cal, at('2026-03-06T16:00:00+08:00'), at('2026-03-09T11:00:00+08:00'))).toBe(4 * HOUR);
  });

  it('does not count lunch, nights or the weekend', () => {
    expect(businessTimeBetween(cal, at('2026-03-09T11:30:00+08:00'), at('2026-03-09T14:00:00+08:00'))).toBe(HOUR);
    expect(businessTimeBetween(cal, at('2026-03-09T00:00:00+08:00'), at('2026-03-16T00:00:00+08:00'))).toBe(37.5 * HOUR);
    expect(businessTimeBetween(cal, at('2026-03-07T00:00:00+08:00'), at('2026-03-09T00:00:00+08:00'))).toBe(0);
  });

  it('is 0 for an empty or reversed range', () => {
    const t = at('2026-03-09T10:00:00+08:00');
    expect(businessTimeBetween(cal, t, t)).toBe(0);
    expect(businessTimeBetween(cal, at('2026-03-09T11:00:00+08:00'), t)).toBe(0);
  });
});

describe('isWorkingTime and nextWorkingInstant', () => {
  it('treats windows as half-open [start, end)', () => {
    expect(isWorkingTime(cal, at('2026-03-09T08:59:59.999+08:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-03-09T09:00:00+08:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-03-09T11:59:59.999+08:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-03-09T12:00:00+08:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-03-09T13:30:00+08:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-03-09T18:00:00+08:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-03-07T10:00:00+08:00'))).toBe(false); // Saturday
  });

  it('uses the calendar timezone, not UTC: 09:30 Shanghai is 01:30 UTC', () => {
    expect(isWorkingTime(cal, at('2026-03-09T01:30:00Z'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-03-09T09:30:00Z'))).toBe(true); // 17:30 local
    expect(isWorkingTime(cal, at('2026-03-09T10:30:00Z'))).toBe(false); // 18:30 local
  });

  it('finds the next opening, or returns the instant itself when already working', () => {
    expect(nextWorkingInstant(cal, at('2026-03-07T10:00:00+08:00'))).toEqual(at('2026-03-09T09:00:00+08:00'));
    expect(nextWorkingInstant(cal, at('2026-03-09T12:00:00+08:00'))).toEqual(at('2026-03-09T13:30:00+08:00'));
    expect(nextWorkingInstant(cal, at('2026-03-09T10:17:00+08:00'))).toEqual(at('2026-03-09T10:17:00+08:00'));
  });
});

describe('24×7 (no calendar) and businessDeadline', () => {
  it('treats null and undefined as always working', () => {
    const t = at('2026-03-07T03:00:00+08:00');
    expect(addBusinessTime(null, t, 4 * HOUR)).toEqual(at('2026-03-07T07:00:00+08:00'));
    expect(businessTimeBetween(undefined, t, at('2026-03-08T03:00:00+08:00'))).toBe(24 * HOUR);
    expect(isWorkingTime(null, t)).toBe(true);
    expect(nextWorkingInstant(undefined, t)).toEqual(t);
  });

  it('is plain arithmetic without a calendar and business time with one', () => {
    const friday = at('2026-03-06T16:00:00+08:00');
    expect(businessDeadline(undefined, friday, 4 * HOUR)).toEqual(at('2026-03-06T20:00:00+08:00'));
    expect(businessDeadline(cal, friday, 4 * HOUR)).toEqual(at('2026-03-09T11:00:00+08:00'));
  });
});
