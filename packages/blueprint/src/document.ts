import { z } from 'zod';
import { BusinessCalendar } from './calendar.ts';
import { Edge } from './edge.ts';
import { Kpi } from './kpi.ts';
import { Node } from './nodes/index.ts';
import { ServiceProduct } from './product.ts';
import { Id, Label, Locale } from './primitives.ts';
import { SlaPolicy } from './sla.ts';
import { MessageTemplate } from './template.ts';

/** The format version this package writes. Older documents go through `upgradeBlueprint`. */
export const CURRENT_FORMAT_VERSION = 2;

/** Limits that keep a document workable in the editor and cheap to validate. */
export const LIMITS = { nodes: 20_000, edges: 40_000 } as const;

export const Stage = z.strictObject({ id: Id, name: Label });
export type Stage = z.infer<typeof Stage>;

/** The service blueprint: journey stages, lanes, nodes and edges, SLAs, calendars, KPIs and products. */
export const Blueprint = z.strictObject({
  formatVersion: z.literal(CURRENT_FORMAT_VERSION),
  id: Id,
  name: Label,
  description: z.string().max(10_000).optional(),
  locales: z.array(Locale).min(1).max(2).describe('Every message template must have text in each of these.'),
  defaultLocale: Locale.optional(),
  stages: z.array(Stage).min(1).max(50),
  nodes: z.array(Node).min(1).max(LIMITS.nodes),
  edges: z.array(Edge).max(LIMITS.edges),
  sla: Id.optional().describe(
    'The SLA policy of the whole case: first response is the first message sent to the customer, resolution is reaching an end. It pauses while the case waits on the customer.',
  ),
  slaPolicies: z.array(SlaPolicy).max(200).default([]),
  calendars: z.array(BusinessCalendar).max(50).default([]),
  templates: z.array(MessageTemplate).max(2000).default([]),
  kpis: z.array(Kpi).max(100).default([]),
  products: z.array(ServiceProduct).max(50).default([]),
  plugins: z
    .record(Id, z.string().regex(/^\d+$/, 'a plugin major version such as "1"'))
    .optional()
    .describe('The plugin major versions this blueprint was published with.'),
});
/** A blueprint as stored and run (defaults applied). */
export type Blueprint = z.infer<typeof Blueprint>;
/** A blueprint as written by hand (defaults may be left out). */
export type BlueprintInput = z.input<typeof Blueprint>;
