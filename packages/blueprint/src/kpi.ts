import { z } from 'zod';
import { Duration, Id, Label } from './primitives.ts';

/** The standard formulas of DOMAIN.md; each knows which case events it reads. */
export const KpiFormula = z.enum([
  'csat',
  'nps',
  'firstContactResolution',
  'responseTime',
  'resolutionTime',
  'slaAttainment',
  'botResolution',
  'addOnAttachRate',
  'repurchaseRate',
  'complaintShare',
]);
export type KpiFormula = z.infer<typeof KpiFormula>;

export const KpiDimension = z.enum(['tier', 'stage', 'node', 'channel', 'segment', 'agent', 'category', 'route']);

export const KpiAlert = z.strictObject({
  when: z.enum(['belowTarget', 'aboveTarget', 'scoreBelow', 'shareAbove']),
  threshold: z.number().optional().describe('For scoreBelow and shareAbove: e.g. 4 (score) or 0.15 (share).'),
  action: z.enum(['notify', 'createTask']),
  role: Id.optional(),
  queue: Id.optional(),
});

export const Kpi = z.strictObject({
  id: Id,
  name: Label.optional(),
  formula: KpiFormula,
  percentile: z.union([z.literal(50), z.literal(90)]).optional().describe('For time KPIs: p50 or p90.'),
  events: z.array(z.string().min(1).max(64)).max(20).optional().describe('Case event types it reads; defaults per formula.'),
  target: z.strictObject({ op: z.enum(['>=', '<=']), value: z.number() }).optional(),
  window: Duration.default('30d'),
  sliceBy: z.array(KpiDimension).max(8).default([]),
  alert: KpiAlert.optional(),
});
export type Kpi = z.infer<typeof Kpi>;
