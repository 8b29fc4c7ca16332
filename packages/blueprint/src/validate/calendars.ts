import { WEEKDAYS, type TimeWindow } from '../calendar.ts';
import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/** Timezones are real IANA zones; each day's windows are ordered and do not overlap. */
export function checkCalendars(view: View, report: Report): void {
  for (const { index, value: calendar } of valid(view.calendars)) {
    if (!isTimeZone(calendar.timezone)) {
      report.add('TP_BLUEPRINT_CALENDAR', ['calendars', index, 'timezone'], `"${calendar.timezone}" is not an IANA timezone (e.g. "Asia/Shanghai")`);
    }
    const days: Array<[string, TimeWindow[] | undefined]> = WEEKDAYS.map((day) => [day, calendar.week[day]]);
    days.push(['makeUpDayWindows', calendar.makeUpDayWindows]);
    for (const [day, windows = []] of days) {
      const path = day === 'makeUpDayWindows' ? ['calendars', index, day] : ['calendars', index, 'week', day];
      let previousEnd = '';
      windows.forEach((window, w) => {
        if (window.start >= window.end) report.add('TP_BLUEPRINT_CALENDAR', [...path, w], `window ${window.start}–${window.end} ends before it starts`);
        else if (window.start < previousEnd) report.add('TP_BLUEPRINT_CALENDAR', [...path, w], `window ${window.start}–${window.end} overlaps the one before it; list windows in order`);
        previousEnd = window.end;
      });
    }
    const holidays = new Set(calendar.holidays);
    calendar.makeUpWorkdays.forEach((date, d) => {
      if (holidays.has(date)) report.add('TP_BLUEPRINT_CALENDAR', ['calendars', index, 'makeUpWorkdays', d], `${date} is both a holiday and a make-up workday`);
    });
  }
}

const zoneCache = new Map<string, boolean>();

export function isTimeZone(zone: string): boolean {
  let known = zoneCache.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    zoneCache.set(zone, known);
  }
  return known;
}
