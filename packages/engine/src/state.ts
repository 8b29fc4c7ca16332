import type { Locale, Outcome } from '@touchpoint/blueprint';
import type { CaseCustomer } from './events.ts';
import type { SlaClock } from './sla.ts';

export type CaseStatus = 'running' | 'waiting' | 'parked' | 'completed' | 'cancelled';

/** What the current step is waiting for; any other key is stale and ignored. */
export type Pending =
  | { kind: 'effect'; key: string }
  | { kind: 'task'; key: string }
  | { kind: 'timer'; key: string }
  | { kind: 'event'; name: string; timerKey?: string }
  | { kind: 'subjourney'; key: string };

/** Where the case is: one step at a time (a blueprint has no parallel branches). */
export interface Position {
  nodeId: string;
  /** How many times the case has entered this node, from 1: part of every idempotency key. */
  visit: number;
  enteredAt: string;
  pending?: Pending;
  /** For a survey: its send finished, and it now waits for the answer. */
  sent?: boolean;
}

/**
 * A case's whole state: plain JSON, stored in one column and replaced by every transition.
 * Only the engine changes it.
 */
export interface CaseState {
  caseId: string;
  status: CaseStatus;
  outcome?: Outcome;
  data: Record<string, unknown>;
  customer: CaseCustomer;
  products: string[];
  entitlements: Record<string, number | boolean>;
  locale: Locale;
  channel?: string;
  position?: Position;
  /** Visits per node so far. */
  visits: Record<string, number>;
  clocks: SlaClock[];
  /** Why a parked case is parked, for the person who picks it up. */
  parked?: { reason: string; nodeId: string; at: string };
  startedAt: string;
  /** Whether a message has reached the customer yet (the case's first response). */
  responded: boolean;
  /** Customer messages received (a second contact counts against first-contact resolution). */
  contacts: number;
  /**
   * Outside events no step was waiting for yet, newest last (at most INBOX_LIMIT): a payment
   * captured before the case reached its wait is not lost, the wait takes it when entered.
   */
  inbox?: Array<{ name: string; data: Record<string, unknown>; at: string }>;
}

export const INBOX_LIMIT = 20;
