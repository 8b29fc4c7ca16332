/**
 * Daylight saving. America/New_York 2026: spring forward Sun Mar 8 at 02:00 EST (07:00Z) → 03:00 EDT;
 * fall back Sun Nov 1 at 02:00 EDT (06:00Z) → 01:00 EST. Working time is every instant whose wall
 * clock reading is inside a window, so a skipped hour never counts and a repeated hour counts twice.
 */
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isWorkingTime, zoneOffsetMs } from '../../src/business-time/index.ts';
import { HOUR, MINUTE, at, calendar, newYorkDst } from './fixtures.ts';

const onDay = (timezone: string, day: 'sat' | 'sun', start: string, end: string) =>
  calendar({ id: `${timezone}-${day}-${start}-${end}`, timezone, week: { [day]: [{ start, end }] } });

describe('UTC offsets from Intl', () => {
  it('switches at the exact transition instants', () => {
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-03-08T06:59:59Z'))).toBe(-5 * HOUR);
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-03-08T07:00:00Z'))).toBe(-4 * HOUR);
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-11-01T05:59:59Z'))).toBe(-4 * HOUR);
    expect(zoneOffsetMs('America/New_York', Date.parse('2026-11-01T06:00:00Z'))).toBe(-5 * HOUR);
    expect(zoneOffsetMs('Asia/Shanghai', Date.parse('2026-07-01T00:00:00Z'))).toBe(8 * HOUR);
    expect(zoneOffsetMs('Asia/Kolkata', Date.parse('2026-07-01T00:00:00Z'))).toBe(5.5 * HOUR);
  });

  it('names the zone when it is unknown', () => {
    expect(() => zoneOffsetMs('Mars/Olympus_Mons', 0)).toThrow(/unknown IANA timezone "Mars\/Olympus_Mons"/);
    const bad = calendar({ id: 'bad', timezone: 'Mars/Olympus_Mons', week: { mon: [{ start: '09:00', end: '17:00' }] } });
    expect(() => isWorkingTime(bad, at('2026-03-09T12:00:00Z'))).toThrow(/Mars\/Olympus_Mons/);
  });
});

describe('America/New_York with a 00:00–24:00 window', () => {
  const sunday = onDay('America/New_York', 'sun', '00:00', '24:00');

  it('has 23 h on the spring-forward day and 25 h on the fall-back day', () => {
    expect(businessTimeBetween(sunday, at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(23 * HOUR);
    expect(businessTimeBetween(sunday, at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'))).toBe(25 * HOUR);
    expect(businessTimeBetween(sunday, at('2026-03-14T00:00:00Z'), at('2026-03-17T00:00:00Z'))).toBe(24 * HOUR);
  });

  it('adds real hours, not wall-clock hours', () => {
    // 00:00 EST (05:00Z) + 3 h = 08:00Z, which the wall clock shows as 04:00 EDT.
    expect(addBusinessTime(sunday, at('2026-03-08T00:00:00-05:00'), 3 * HOUR)).toEqual(at('2026-03-08T04:00:00-04:00'));
    // 00:00 EDT (04:00Z) + 3 h = 07:00Z, which the wall clock shows as 02:00 EST.
    expect(addBusinessTime(sunday, at('2026-11-01T00:00:00-04:00'), 3 * HOUR)).toEqual(at('2026-11-01T02:00:00-05:00'));
    // The whole fall-back day is 25 h: 24 h from its start ends at 23:00 EST, not at midnight.
    expect(addBusinessTime(sunday, at('2026-11-01T00:00:00-04:00'), 24 * HOUR)).toEqual(at('2026-11-01T23:00:00-05:00'));
  });
});

describe('windows touching the changed hour', () => {
  it('gives a 01:00–03:00 window 1 real hour on spring-forward day and 3 on fall-back day', () => {
    const cal = onDay('America/New_York', 'sun', '01:00', '03:00');
    expect(businessTimeBetween(cal, at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(HOUR);
    // 01:00 EDT (05:00Z) to 03:00 EST (08:00Z).
    expect(businessTimeBetween(cal, at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'))).toBe(3 * HOUR);
    // From 01:30 EST only 30 min remain (the clock jumps from 02:00 EST to 03:00 EDT, the window's end)…
    expect(addBusinessTime(cal, at('2026-03-08T01:30:00-05:00'), 30 * MINUTE)).toEqual(at('2026-03-08T03:00:00-04:00'));
    // …so 1 h ends the next Sunday at 01:30 EDT.
    expect(addBusinessTime(cal, at('2026-03-08T01:30:00-05:00'), HOUR)).toEqual(at('2026-03-15T01:30:00-04:00'));
  });

  it('gives a window inside the skipped hour no time at all', () => {
    const cal = onDay('America/New_York', 'sun', '02:00', '03:00');
    expect(businessTimeBetween(cal, at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(0);
    // So 30 min started that night end the following Sunday, 02:30 EDT.
    expect(addBusinessTime(cal, at('2026-03-08T00:00:00-05:00'), 30 * MINUTE)).toEqual(at('2026-03-15T02:30:00-04:00'));
  });

  it('counts both passes of a repeated wall time, and not the stretch between them', () => {
    // 01:30–02:30 on Nov 1: 01:30–02:00 EDT (05:30–06:00Z), then the clock shows 01:00–01:30 EST
    // (outside the window), then 01:30–02:30 EST (06:30–07:30Z): 90 min in two pieces.
    const cal = onDay('America/New_York', 'sun', '01:30', '02:30');
    expect(businessTimeBetween(cal, at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'))).toBe(90 * MINUTE);
    expect(isWorkingTime(cal, at('2026-11-01T05:45:00Z'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-11-01T06:15:00Z'))).toBe(false);
    expect(isWorkingTime(cal, at('2026-11-01T06:45:00Z'))).toBe(true);
    expect(addBusinessTime(cal, at('2026-11-01T04:00:00Z'), 45 * MINUTE)).toEqual(at('2026-11-01T06:45:00Z'));
  });

  it('carries office hours over the spring-forward weekend', () => {
    // Fri 16:00 EST + 2 h: 1 h on Friday, then the Sunday 01:00–03:00 window, which has only one real
    // hour that night (01:00–02:00 EST), uses up the rest: it ends at 02:00 EST = 03:00 EDT.
    expect(addBusinessTime(newYorkDst(), at('2026-03-06T16:00:00-05:00'), 2 * HOUR)).toEqual(at('2026-03-08T03:00:00-04:00'));
    // One more hour lands on Monday 10:00 EDT (14:00Z), not 10:00 EST.
    expect(addBusinessTime(newYorkDst(), at('2026-03-06T16:00:00-05:00'), 3 * HOUR)).toEqual(at('2026-03-09T14:00:00Z'));
  });
});

describe('other DST shapes', () => {
  it('handles a 30-minute DST (Lord Howe: 24.5 h on Apr 5 2026, 23.5 h on Oct 4 2026)', () => {
    const cal = onDay('Australia/Lord_Howe', 'sun', '00:00', '24:00');
    expect(businessTimeBetween(cal, at('2026-04-03T00:00:00Z'), at('2026-04-06T00:00:00Z'))).toBe(24.5 * HOUR);
    expect(businessTimeBetween(cal, at('2026-10-02T00:00:00Z'), at('2026-10-05T00:00:00Z'))).toBe(23.5 * HOUR);
  });

  it('handles transitions at midnight (Santiago: Sat Apr 4 2026 repeats 23:00–24:00, Sun Sep 6 starts at 01:00)', () => {
    const saturday = onDay('America/Santiago', 'sat', '00:00', '24:00');
    expect(businessTimeBetween(saturday, at('2026-04-03T00:00:00Z'), at('2026-04-07T00:00:00Z'))).toBe(25 * HOUR);
    const sunday = onDay('America/Santiago', 'sun', '00:00', '24:00');
    expect(businessTimeBetween(sunday, at('2026-09-05T00:00:00Z'), at('2026-09-08T00:00:00Z'))).toBe(23 * HOUR);
  });
});
