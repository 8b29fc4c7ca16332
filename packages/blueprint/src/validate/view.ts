import type { z } from 'zod';
import { BusinessCalendar } from '../calendar.ts';
import { Blueprint, Stage } from '../document.ts';
import { Edge } from '../edge.ts';
import { Kpi } from '../kpi.ts';
import { Node } from '../nodes/index.ts';
import { Locale } from '../primitives.ts';
import { ServiceProduct } from '../product.ts';
import { SlaPolicy } from '../sla.ts';
import { MessageTemplate } from '../template.ts';

/** One element of a document list: its index, its id if it has one, and its value if it is well-formed. */
export interface Item<T> {
  index: number;
  id?: string;
  value?: T;
}

/**
 * The document as the semantic checks see it. Well-formed elements carry their parsed value, and
 * malformed ones still carry their id, so one bad node yields its schema problem and nothing else:
 * edges to it are not reported dangling, and the rest of the graph is still checked.
 */
export interface View {
  locales: Locale[];
  stages: Item<Stage>[];
  nodes: Item<Node>[];
  edges: Item<Edge>[];
  slaPolicies: Item<SlaPolicy>[];
  calendars: Item<BusinessCalendar>[];
  templates: Item<MessageTemplate>[];
  kpis: Item<Kpi>[];
  products: Item<ServiceProduct>[];
  plugins: Record<string, string>;
  /** The case-level SLA policy id, when it is a string. */
  sla?: string;
}

export function viewOfParsed(doc: Blueprint): View {
  const all = <T extends { id: string }>(list: T[]): Item<T>[] => list.map((value, index) => ({ index, id: value.id, value }));
  return {
    locales: doc.locales,
    stages: all(doc.stages),
    nodes: all(doc.nodes),
    edges: all(doc.edges),
    slaPolicies: all(doc.slaPolicies),
    calendars: all(doc.calendars),
    templates: all(doc.templates),
    kpis: all(doc.kpis),
    products: all(doc.products),
    plugins: doc.plugins ?? {},
    ...(doc.sla !== undefined && { sla: doc.sla }),
  };
}

export function viewOfRaw(raw: Record<string, unknown>): View {
  const locales = Array.isArray(raw.locales) ? raw.locales.filter((l): l is Locale => Locale.safeParse(l).success) : [];
  const plugins = Blueprint.shape.plugins.safeParse(raw.plugins);
  return {
    locales,
    stages: items(raw.stages, Stage),
    nodes: items(raw.nodes, Node),
    edges: items(raw.edges, Edge),
    slaPolicies: items(raw.slaPolicies, SlaPolicy),
    calendars: items(raw.calendars, BusinessCalendar),
    templates: items(raw.templates, MessageTemplate),
    kpis: items(raw.kpis, Kpi),
    products: items(raw.products, ServiceProduct),
    plugins: (plugins.success && plugins.data) || {},
    ...(typeof raw.sla === 'string' && { sla: raw.sla }),
  };
}

function items<S extends z.ZodType>(list: unknown, schema: S): Item<z.output<S>>[] {
  if (!Array.isArray(list)) return [];
  return list.map((element, index) => {
    const item: Item<z.output<S>> = { index };
    const id = (element as { id?: unknown } | null)?.id;
    if (typeof id === 'string') item.id = id;
    const parsed = schema.safeParse(element);
    if (parsed.success) item.value = parsed.data;
    return item;
  });
}

/** The well-formed elements only. */
export function valid<T>(list: Item<T>[]): Array<Item<T> & { value: T }> {
  return list.filter((item): item is Item<T> & { value: T } => item.value !== undefined);
}
