import { Locale } from '@touchpoint/blueprint';
import { z } from 'zod';

const Data = z.record(z.string(), z.unknown());

/** Who the case is for, as the engine and expressions see them. */
export const CaseCustomer = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  locale: Locale.optional(),
  segment: z.string().optional(),
  tags: z.array(z.string()).optional(),
  /** Where to reach them, per channel plugin id, e.g. `{ "channel-sms": "+8613800000000" }`. */
  addresses: z.record(z.string(), z.string()).optional(),
  dedicatedAgent: z.string().optional(),
  data: Data.optional(),
});
export type CaseCustomer = z.infer<typeof CaseCustomer>;

/**
 * Everything that can happen to a case. The runtime turns requests, webhooks, timers and plugin
 * results into these; the engine turns each into a new state and effects.
 */
export const EngineEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('case.started'),
    caseId: z.string().min(1),
    /** The trigger node that started it; the first trigger when absent. */
    trigger: z.string().optional(),
    data: Data.default({}),
    customer: CaseCustomer.default({}),
    /** Ids of the customer's active service products. */
    products: z.array(z.string()).default([]),
    /** What is left of each entitlement across those products. */
    entitlements: z.record(z.string(), z.union([z.number(), z.boolean()])).default({}),
    /** The channel the request came in on, e.g. "channel-sms". */
    channel: z.string().optional(),
  }),
  z.object({ type: z.literal('timer.fired'), key: z.string() }),
  z.object({ type: z.literal('effect.succeeded'), key: z.string(), output: z.unknown().optional() }),
  z.object({ type: z.literal('effect.failed'), key: z.string(), error: z.string(), attempts: z.number().int().optional() }),
  z.object({ type: z.literal('task.claimed'), key: z.string(), assignee: z.string() }),
  z.object({ type: z.literal('task.completed'), key: z.string(), data: Data.default({}), by: z.string().optional() }),
  /** Something from outside: a customer reply, a payment captured, a survey answer. */
  z.object({ type: z.literal('external'), name: z.string().min(1).max(64), data: Data.default({}) }),
  z.object({ type: z.literal('subjourney.ended'), key: z.string(), outcome: z.string(), data: Data.default({}) }),
  z.object({ type: z.literal('case.cancelled'), reason: z.string().default('cancelled') }),
  /** A person retries a parked case: its current step runs again, as a new visit. */
  z.object({ type: z.literal('case.retried'), by: z.string().optional() }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
export type EngineEventInput = z.input<typeof EngineEvent>;
