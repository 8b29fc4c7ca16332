/**
 * Every problem the validator can report. Codes are stable (tools and tests match on them);
 * messages are for people.
 */
export const PROBLEM_CODES = [
  'TP_BLUEPRINT_JSON',
  'TP_BLUEPRINT_NOT_AN_OBJECT',
  'TP_BLUEPRINT_SCHEMA',
  'TP_BLUEPRINT_FORMAT_VERSION',
  'TP_BLUEPRINT_DUPLICATE_ID',
  'TP_BLUEPRINT_UNKNOWN_REFERENCE',
  'TP_BLUEPRINT_DANGLING_EDGE',
  'TP_BLUEPRINT_NO_TRIGGER',
  'TP_BLUEPRINT_UNREACHABLE',
  'TP_BLUEPRINT_NO_PATH_TO_END',
  'TP_BLUEPRINT_AMBIGUOUS_NEXT',
  'TP_BLUEPRINT_END_HAS_OUTGOING',
  'TP_BLUEPRINT_DECISION_NO_DEFAULT',
  'TP_BLUEPRINT_DECISION_MULTIPLE_DEFAULTS',
  'TP_BLUEPRINT_CONDITION_MISSING',
  'TP_BLUEPRINT_CONDITION_OUTSIDE_DECISION',
  'TP_BLUEPRINT_EDGE_OUTCOME',
  'TP_BLUEPRINT_SLA_WITHOUT_ESCAPE',
  'TP_BLUEPRINT_TIMEOUT_WITHOUT_EDGE',
  'TP_BLUEPRINT_TIMER_SPEC',
  'TP_BLUEPRINT_LANE_VISIBILITY',
  'TP_BLUEPRINT_EXPRESSION',
  'TP_BLUEPRINT_TEMPLATE_LOCALE_MISSING',
  'TP_BLUEPRINT_UNKNOWN_PLUGIN',
  'TP_BLUEPRINT_UNKNOWN_ACTION',
  'TP_BLUEPRINT_UNKNOWN_TRIGGER',
  'TP_BLUEPRINT_ACTION_INPUT',
  'TP_BLUEPRINT_PLUGIN_VERSION',
  'TP_BLUEPRINT_TASK_FORM',
  'TP_BLUEPRINT_CALENDAR',
  'TP_BLUEPRINT_SUBJOURNEY_UNKNOWN',
  'TP_BLUEPRINT_SUBJOURNEY_CYCLE',
  'TP_BLUEPRINT_ENTITLEMENT_UNKNOWN',
  'TP_BLUEPRINT_KPI',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  code: ProblemCode;
  /** Where, as a JSON path into the document: `nodes[3].sla`, `edges[0].to`, `templates[1].text.en`. */
  path: string;
  message: string;
  /** The node or edge the problem belongs to, so the studio can highlight it. */
  nodeId?: string;
  edgeId?: string;
}

export type PathSegment = string | number;

/** `['nodes', 3, 'sla']` → `nodes[3].sla`; keys that are not identifiers are quoted: `text["zh-CN"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
