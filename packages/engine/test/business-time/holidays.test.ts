/** Holidays and make-up workdays (调休). 2026-03-09 is a Monday; 03-15 a Sunday. */
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isWorkingTime } from '../../src/business-time/index.ts';
import { HOUR, OFFICE_DAY, at, nationalDay2026, shanghaiOffice } from './fixtures.ts';

describe('holidays', () => {
  const cal = shanghaiOffice({ holidays: ['2026-03-11'] }); // a Wednesday

  it('skips a weekday holiday', () => {
    // Tue 17:00–18:00 = 1 h, Wednesday off, Thu 09:00–10:00 = 1 h.
    expect(addBusinessTime(cal, at('2026-03-10T17:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-03-12T10:00:00+08:00'));
    expect(businessTimeBetween(cal, at('2026-03-10T00:00:00+08:00'), at('2026-03-13T00:00:00+08:00'))).toBe(15 * HOUR);
    expect(isWorkingTime(cal, at('2026-03-11T10:00:00+08:00'))).toBe(false);
  });

  it('reads holiday dates in the calendar timezone (Wed 10:00 Shanghai is Wed 02:00 UTC; Tue 17:00 UTC is Wed 01:00 local)', () => {
    expect(isWorkingTime(cal, at('2026-03-10T17:00:00Z'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-03-11T17:30:00Z'))).toBe(false); // Thu 01:30 local, night
    expect(isWorkingTime(cal, at('2026-03-12T01:30:00Z'))).toBe(true); // Thu 09:30 local
  });
});

describe('make-up workdays', () => {
  it('counts a make-up Sunday with Monday’s windows by default', () => {
    const cal = shanghaiOffice({ makeUpWorkdays: ['2026-03-15'] });
    // Fri 17:00–18:00 = 1 h, Saturday off, Sunday 09:00–10:00 = 1 h.
    expect(addBusinessTime(cal, at('2026-03-13T17:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-03-15T10:00:00+08:00'));
    expect(businessTimeBetween(cal, at('2026-03-15T00:00:00+08:00'), at('2026-03-16T00:00:00+08:00'))).toBe(7.5 * HOUR);
    expect(isWorkingTime(cal, at('2026-03-15T12:30:00+08:00'))).toBe(false); // Monday’s lunch applies too
  });

  it('takes the default from Monday, not from some other day', () => {
    const week = { mon: [{ start: '08:00', end: '12:00' }], tue: OFFICE_DAY, wed: OFFICE_DAY, thu: OFFICE_DAY, fri: OFFICE_DAY };
    const cal = shanghaiOffice({ week, makeUpWorkdays: ['2026-03-15'] });
    expect(addBusinessTime(cal, at('2026-03-14T10:00:00+08:00'), HOUR)).toEqual(at('2026-03-15T09:00:00+08:00'));
    expect(isWorkingTime(cal, at('2026-03-15T14:00:00+08:00'))).toBe(false);
  });

  it('uses makeUpDayWindows when the calendar gives them', () => {
    const cal = shanghaiOffice({ makeUpWorkdays: ['2026-03-15'], makeUpDayWindows: [{ start: '10:00', end: '16:00' }] });
    expect(addBusinessTime(cal, at('2026-03-13T17:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-03-15T11:00:00+08:00'));
    expect(businessTimeBetween(cal, at('2026-03-15T00:00:00+08:00'), at('2026-03-16T00:00:00+08:00'))).toBe(6 * HOUR);
    // Ordinary weekdays keep their own windows.
    expect(businessTimeBetween(cal, at('2026-03-16T00:00:00+08:00'), at('2026-03-17T00:00:00+08:00'))).toBe(7.5 * HOUR);
  });

  it('lets a holiday win over a make-up listing of the same date (the validator rejects it anyway)', () => {
    const cal = shanghaiOffice({ holidays: ['2026-03-15'], makeUpWorkdays: ['2026-03-15'] });
    expect(isWorkingTime(cal, at('2026-03-15T10:00:00+08:00'))).toBe(false);
  });
});

describe('2026 National Day: holidays Oct 1, 2, 5, 6, 7; make-up Sun Sep 27 and Sat Oct 10', () => {
  const cal = nationalDay2026();

  it('works the make-up Sunday before the holiday', () => {
    // Fri Sep 25 17:00–18:00 = 1 h, Sat off, Sun Sep 27 09:00–10:00 = 1 h.
    expect(addBusinessTime(cal, at('2026-09-25T17:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-09-27T10:00:00+08:00'));
  });

  it('jumps from Wed Sep 30 straight to Thu Oct 8', () => {
    expect(addBusinessTime(cal, at('2026-09-30T17:00:00+08:00'), 2 * HOUR)).toEqual(at('2026-10-08T10:00:00+08:00'));
    // 16 h from Sep 30 09:00: Sep 30 7.5 h, Oct 8 7.5 h, Oct 9 09:00–10:00.
    expect(addBusinessTime(cal, at('2026-09-30T09:00:00+08:00'), 16 * HOUR)).toEqual(at('2026-10-09T10:00:00+08:00'));
    // 30 h: Sep 30, Oct 8, Oct 9 and the make-up Saturday Oct 10 exactly.
    expect(addBusinessTime(cal, at('2026-09-30T09:00:00+08:00'), 30 * HOUR)).toEqual(at('2026-10-10T18:00:00+08:00'));
  });

  it('counts the right days across the three weeks', () => {
    // Sep 28, 29, 30, Oct 8, 9, 10 = 6 days.
    expect(businessTimeBetween(cal, at('2026-09-28T00:00:00+08:00'), at('2026-10-12T00:00:00+08:00'))).toBe(6 * 7.5 * HOUR);
    // Plus Sep 21–25 and the make-up Sep 27 = 12 days.
    expect(businessTimeBetween(cal, at('2026-09-21T00:00:00+08:00'), at('2026-10-12T00:00:00+08:00'))).toBe(12 * 7.5 * HOUR);
  });

  it('marks each day correctly', () => {
    const working = (date: string) => isWorkingTime(cal, at(`${date}T10:00:00+08:00`));
    expect(working('2026-09-26')).toBe(false); // Sat
    expect(working('2026-09-27')).toBe(true); // make-up Sun
    for (const d of ['01', '02', '03', '04', '05', '06', '07']) expect(working(`2026-10-${d}`)).toBe(false);
    expect(working('2026-10-08')).toBe(true);
    expect(working('2026-10-10')).toBe(true); // make-up Sat
    expect(working('2026-10-11')).toBe(false); // ordinary Sun
  });
});
