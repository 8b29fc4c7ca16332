import { durationMs, type BusinessCalendar, type EscalationStep, type SlaPolicy } from '@touchpoint/blueprint';
import { addBusinessTime, businessTimeBetween } from './business-time/index.ts';

export type SlaTarget = 'firstResponse' | 'resolution';

/**
 * One running SLA promise: a budget of business time, the part used in earlier segments, and the
 * instant the current segment started (absent while paused, e.g. waiting on the customer).
 * Plain JSON, kept in the case state.
 */
export interface SlaClock {
  /** `case:resolution`, or `<nodeId>#<visit>:<target>` for a step. */
  key: string;
  nodeId?: string;
  visit?: number;
  policyId: string;
  target: SlaTarget;
  budgetMs: number;
  usedMs: number;
  runningSince?: string;
  /** Index of the next milestone to fire. */
  next: number;
  /** Bumped on every resume, so that a timer scheduled before a pause never matches again. */
  segment: number;
  breached: boolean;
}

/** A moment on the ladder, as a share of the budget: the warning, the breach, escalation steps. */
export interface Milestone {
  at: number;
  warning: boolean;
  breach: boolean;
  steps: EscalationStep[];
}

/** The policy's milestones in order; steps at the same share fire together. */
export function milestonesOf(policy: SlaPolicy): Milestone[] {
  const byShare = new Map<number, Milestone>();
  const at = (share: number) => {
    let milestone = byShare.get(share);
    if (!milestone) byShare.set(share, (milestone = { at: share, warning: false, breach: false, steps: [] }));
    return milestone;
  };
  at(policy.warnAt).warning = true;
  at(1).breach = true;
  for (const step of policy.escalations) at(step.at).steps.push(step);
  return [...byShare.values()].sort((a, b) => a.at - b.at);
}

export function startClock(input: { key: string; nodeId?: string; visit?: number; policy: SlaPolicy; target: SlaTarget; now: Date }): SlaClock | undefined {
  const target = input.policy[input.target];
  if (target === undefined) return undefined;
  const clock: SlaClock = {
    key: input.key,
    policyId: input.policy.id,
    target: input.target,
    budgetMs: durationMs(target),
    usedMs: 0,
    runningSince: input.now.toISOString(),
    next: 0,
    segment: 0,
    breached: false,
  };
  if (input.nodeId !== undefined) clock.nodeId = input.nodeId;
  if (input.visit !== undefined) clock.visit = input.visit;
  return clock;
}

/** Business time used so far, including the running segment. */
export function usedAt(clock: SlaClock, calendar: BusinessCalendar | undefined, now: Date): number {
  if (clock.runningSince === undefined) return clock.usedMs;
  return clock.usedMs + businessTimeBetween(calendar, new Date(clock.runningSince), now);
}

/** When the next milestone falls due, or undefined when paused or none is left. */
export function nextDue(clock: SlaClock, milestones: Milestone[], calendar: BusinessCalendar | undefined): Date | undefined {
  const milestone = milestones[clock.next];
  if (milestone === undefined || clock.runningSince === undefined) return undefined;
  const remaining = Math.max(0, milestone.at * clock.budgetMs - clock.usedMs);
  return addBusinessTime(calendar, new Date(clock.runningSince), remaining);
}

/** The deadline of the whole budget from now on, e.g. a task's due time. */
export function deadlineOf(clock: SlaClock, calendar: BusinessCalendar | undefined): Date | undefined {
  if (clock.runningSince === undefined) return undefined;
  return addBusinessTime(calendar, new Date(clock.runningSince), Math.max(0, clock.budgetMs - clock.usedMs));
}

export function pauseClock(clock: SlaClock, calendar: BusinessCalendar | undefined, now: Date): SlaClock {
  if (clock.runningSince === undefined) return clock;
  const { runningSince: _, ...paused } = clock;
  return { ...paused, usedMs: usedAt(clock, calendar, now) };
}

export function resumeClock(clock: SlaClock, now: Date): SlaClock {
  if (clock.runningSince !== undefined) return clock;
  return { ...clock, runningSince: now.toISOString(), segment: clock.segment + 1 };
}

/** The idempotency key of the timer for the clock's next milestone. */
export function clockTimerKey(caseId: string, clock: SlaClock): string {
  return `${caseId}/sla/${clock.key}/${clock.segment}/${clock.next}`;
}
