/** Calendars without working time must fail fast and clearly; long targets must stay cheap. */
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessTimeBetween,
  nextWorkingInstant,
  NO_WORKING_TIME_HORIZON_DAYS,
} from '../../src/business-time/index.ts';
import { HOUR, at, calendar, shanghaiOffice } from './fixtures.ts';

describe('calendars with no working time', () => {
  const start = at('2026-03-09T09:00:00+08:00');

  it('throws a clear error for a calendar without windows', () => {
    const empty = calendar({ id: 'empty', timezone: 'Asia/Shanghai', week: {} });
    expect(() => addBusinessTime(empty, start, HOUR)).toThrow(
      'calendar "empty" has no working time within 3 years (1100 days) after 2026-03-09T01:00:00.000Z',
    );
    expect(() => nextWorkingInstant(empty, start)).toThrow(/calendar "empty" has no working time/);
    // Measuring is still fine: there is simply none.
    expect(businessTimeBetween(empty, start, at('2027-03-09T09:00:00+08:00'))).toBe(0);
  });

  it('throws when windows exist only on empty days (zero-length windows, make-up days never listed)', () => {
    const hollow = calendar({
      id: 'hollow',
      timezone: 'Asia/Shanghai',
      week: { mon: [{ start: '09:00', end: '09:00' }] },
      makeUpDayWindows: [{ start: '09:00', end: '18:00' }],
    });
    expect(() => addBusinessTime(hollow, start, HOUR)).toThrow(/calendar "hollow" has no working time/);
  });

  it('searches a bounded horizon when every working day is a holiday, and says from when', () => {
    // Saturdays only, and every Saturday for four years is a holiday; the last working time was a
    // make-up day in the past. The search must give up after the horizon instead of looping.
    const saturdays: string[] = [];
    for (let t = Date.parse('2026-03-14T00:00:00Z'); t < Date.parse('2030-03-14T00:00:00Z'); t += 7 * 24 * HOUR) {
      saturdays.push(new Date(t).toISOString().slice(0, 10));
    }
    const dead = calendar({
      id: 'dead',
      timezone: 'Asia/Shanghai',
      week: { sat: [{ start: '09:00', end: '18:00' }] },
      holidays: saturdays,
      makeUpWorkdays: ['2026-03-10'], // a Tuesday, worked with Monday's windows = none
    });
    const began = performance.now();
    expect(() => addBusinessTime(dead, start, HOUR)).toThrow(
      'calendar "dead" has no working time within 3 years (1100 days) after 2026-03-09T01:00:00.000Z',
    );
    // Generous bound: this is a loop-forever guard, not a benchmark (it takes a few ms).
    expect(performance.now() - began).toBeLessThan(5_000);
  });

  it('does not give up on working time that is far away but inside the horizon', () => {
    // Only Saturdays, all holidays until 2028-03-04; the first working Saturday is 2028-03-11.
    const saturdays: string[] = [];
    for (let t = Date.parse('2026-03-14T00:00:00Z'); t <= Date.parse('2028-03-04T00:00:00Z'); t += 7 * 24 * HOUR) {
      saturdays.push(new Date(t).toISOString().slice(0, 10));
    }
    const sparse = calendar({ id: 'sparse', timezone: 'Asia/Shanghai', week: { sat: [{ start: '09:00', end: '18:00' }] }, holidays: saturdays });
    expect(NO_WORKING_TIME_HORIZON_DAYS).toBeGreaterThan(730);
    expect(addBusinessTime(sparse, start, HOUR)).toEqual(at('2028-03-11T10:00:00+08:00'));
  });
});

describe('long targets', () => {
  it('adds 2,000 business hours on a Mon–Fri 24 h UTC calendar to the hand-computed instant', () => {
    const weekdays = [{ start: '00:00', end: '24:00' }];
    const cal = calendar({ id: 'utc-weekdays', timezone: 'UTC', week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } });
    // 2,000 h = 83 days 8 h = 16 weeks + 3 days + 8 h: Mon Jan 5 → Mon Apr 27 → Thu Apr 30 08:00.
    expect(addBusinessTime(cal, at('2026-01-05T00:00:00Z'), 2000 * HOUR)).toEqual(at('2026-04-30T08:00:00Z'));
  });

  it('adds 2,000 and 10,000 business hours on the office calendar (performance sanity, not timed)', () => {
    const cal = shanghaiOffice();
    const start = at('2026-03-09T09:00:00+08:00');
    // 2,000 h / 37.5 h a week = 53 weeks + 12.5 h, from Mon 2027-03-15 09:00: Monday 7.5 h, Tuesday
    // 09:00–12:00 3 h, then 13:30 + 2 h = Tue 2027-03-16 15:30.
    expect(addBusinessTime(cal, start, 2000 * HOUR)).toEqual(at('2027-03-16T15:30:00+08:00'));
    const far = addBusinessTime(cal, start, 10_000 * HOUR);
    expect(businessTimeBetween(cal, start, far)).toBe(10_000 * HOUR);
  });
});
