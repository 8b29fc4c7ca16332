import { z } from 'zod';
import { Duration, Id, Label } from './primitives.ts';

/** How a tier changes one step of the journey for its customers. */
export const ProductOverride = z.strictObject({
  node: Id,
  sla: Id.optional().describe('Another SLA policy, e.g. a faster one.'),
  queue: Id.optional().describe('Route the task to another queue, e.g. a priority queue.'),
  priority: z.number().int().min(0).max(9).optional(),
  dedicatedAgent: z.boolean().optional().describe('Assign the task to the customer\'s dedicated agent.'),
});
export type ProductOverride = z.infer<typeof ProductOverride>;

/**
 * A service product (服务产品): the basic guarantee included with every order, or a paid add-on
 * with entitlements (counted, like `freeRebookings: 2`, or flags, like `priorityQueue: true`).
 */
export const ServiceProduct = z.strictObject({
  id: Id,
  name: Label,
  description: Label.optional(),
  tier: z.enum(['basic', 'addon']),
  price: z.strictObject({
    amount: z.number().min(0).max(1_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as "CNY"'),
  }),
  validity: Duration.optional().describe('How long a purchase lasts; forever when absent.'),
  entitlements: z.record(Id, z.union([z.number().int().min(0).max(10_000), z.boolean()])).default({}),
  overrides: z.array(ProductOverride).max(200).default([]),
});
export type ServiceProduct = z.infer<typeof ServiceProduct>;
