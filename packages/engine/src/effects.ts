import type { Locale } from '@touchpoint/blueprint';

/**
 * What the engine asks the world to do. The runtime stores them in the same transaction as the
 * new state (the outbox) and performs them; every key is stable across retries, so a provider that
 * honours idempotency keys sees each exactly once.
 */
export type Effect =
  | SendEffect
  | CallEffect
  | CreateTaskEffect
  | UpdateTaskEffect
  | CloseTaskEffect
  | ScheduleTimerEffect
  | CancelTimerEffect
  | NotifyEffect
  | ConsumeEntitlementEffect
  | StartSubjourneyEffect;

/** A message to the customer through a channel plugin's action. */
export interface SendEffect {
  type: 'send';
  key: string;
  nodeId: string;
  plugin: string;
  action: string;
  locale: Locale;
  input: { to?: string; text: string; subject?: string } & Record<string, unknown>;
  template: string;
}

/** A plugin action, retried by the runtime on failure with exponential backoff. */
export interface CallEffect {
  type: 'call';
  key: string;
  nodeId: string;
  plugin: string;
  action: string;
  input: Record<string, unknown>;
  retry: { maxAttempts: number; backoffMs: number };
  timeoutMs: number;
}

export interface CreateTaskEffect {
  type: 'create-task';
  key: string;
  nodeId: string;
  title: string;
  queue: string;
  role?: string;
  priority: number;
  assignee?: string;
  checklist: string[];
  form?: Record<string, unknown>;
  dueAt?: string;
}

export interface UpdateTaskEffect {
  type: 'update-task';
  key: string;
  queue?: string;
  priority?: number;
  dueAt?: string;
  reason: string;
}

export interface CloseTaskEffect {
  type: 'close-task';
  key: string;
  reason: 'completed' | 'breached' | 'cancelled';
}

export interface ScheduleTimerEffect {
  type: 'schedule-timer';
  key: string;
  at: string;
}

export interface CancelTimerEffect {
  type: 'cancel-timer';
  key: string;
}

/** Tell a role or queue something needs them now (an SLA warning, a breach, a low score). */
export interface NotifyEffect {
  type: 'notify';
  key: string;
  nodeId?: string;
  role?: string;
  queue?: string;
  reason: 'sla.warning' | 'sla.breached' | 'sla.escalated';
  message: string;
}

/** Use up part of an entitlement on the customer's products (e.g. one free rebooking). */
export interface ConsumeEntitlementEffect {
  type: 'consume-entitlement';
  key: string;
  customerId?: string;
  entitlement: string;
  quantity: number;
}

export interface StartSubjourneyEffect {
  type: 'start-subjourney';
  key: string;
  nodeId: string;
  blueprint: string;
  data: Record<string, unknown>;
}

/** An entry for the append-only case event log: the source of truth for KPIs and the timeline. */
export interface CaseLogEvent {
  type: string;
  nodeId?: string;
  at: string;
  data?: Record<string, unknown>;
}
