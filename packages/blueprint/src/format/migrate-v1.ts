/**
 * Format 1 → 2, frozen in time: never edit it, add the next migration instead.
 *
 * Format 1 (the first studio prototype) used React Flow's words in the document: nodes had a
 * `type` and edges a `source`/`target`; SLA policies gave minutes (`firstResponseMinutes`,
 * `resolutionMinutes`); templates were keyed by locale at the top level (`{ id, zh: "…", en: "…" }`).
 */
export function migrateV1toV2(doc: Record<string, unknown>): Record<string, unknown> {
  const minutes = (value: unknown) => (typeof value === 'number' ? `${Math.round(value)}m` : value);
  const out: Record<string, unknown> = { ...doc, formatVersion: 2 };
  if (Array.isArray(doc.nodes)) {
    out.nodes = doc.nodes.map((node) => {
      if (!isObject(node) || !('type' in node)) return node;
      const { type, ...rest } = node;
      return { ...rest, kind: type };
    });
  }
  if (Array.isArray(doc.edges)) {
    out.edges = doc.edges.map((edge) => {
      if (!isObject(edge)) return edge;
      const { source, target, ...rest } = edge;
      return { ...rest, ...(source !== undefined && { from: source }), ...(target !== undefined && { to: target }) };
    });
  }
  if (Array.isArray(doc.slaPolicies)) {
    out.slaPolicies = doc.slaPolicies.map((policy) => {
      if (!isObject(policy)) return policy;
      const { firstResponseMinutes, resolutionMinutes, ...rest } = policy;
      return {
        ...rest,
        ...(firstResponseMinutes !== undefined && { firstResponse: minutes(firstResponseMinutes) }),
        ...(resolutionMinutes !== undefined && { resolution: minutes(resolutionMinutes) }),
      };
    });
  }
  if (Array.isArray(doc.templates)) {
    out.templates = doc.templates.map((template) => {
      if (!isObject(template) || 'text' in template) return template;
      const { zh, en, ...rest } = template;
      return { ...rest, text: { ...(zh !== undefined && { 'zh-CN': zh }), ...(en !== undefined && { en }) } };
    });
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
