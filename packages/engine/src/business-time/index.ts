/**
 * Business time: SLA clocks that run only inside a calendar's working windows, in its IANA timezone,
 * skipping holidays and counting make-up workdays (调休). Pure functions; the caller supplies "now".
 */
export type { Calendar } from './calendar.ts';
export {
  addBusinessTime,
  businessDeadline,
  businessTimeBetween,
  isWorkingTime,
  nextWorkingInstant,
  NO_WORKING_TIME_HORIZON_DAYS,
} from './operations.ts';
export { zoneOffsetMs } from './zone.ts';
