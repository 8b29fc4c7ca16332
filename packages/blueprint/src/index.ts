/**
 * @touchpoint/blueprint — the blueprint format: the single source of truth for every other part.
 */
export { Blueprint, CURRENT_FORMAT_VERSION, LIMITS, Stage, type BlueprintInput } from './document.ts';
export * from './nodes/index.ts';
export { Edge, EdgeOn } from './edge.ts';
export { SlaPolicy, EscalationStep, EscalationAction } from './sla.ts';
export { BusinessCalendar, TimeWindow, WEEKDAYS, type Weekday } from './calendar.ts';
export { MessageTemplate } from './template.ts';
export { Kpi, KpiFormula, KpiDimension, KpiAlert } from './kpi.ts';
export { ServiceProduct, ProductOverride } from './product.ts';
export { Id, Locale, LocalizedText, Label, Duration, Expression, TimeOfDay, CalendarDate } from './primitives.ts';
export { durationMs } from './format/duration.ts';
export { upgradeBlueprint, FormatVersionError } from './format/upgrade.ts';
export {
  compileExpression,
  isTrue,
  ExpressionError,
  EXPRESSION_LIMITS,
  EXPRESSION_VARIABLES,
  type CompiledExpression,
  type ExpressionScope,
  type ExpectedType,
} from './expression.ts';
export { validateBlueprint, parseBlueprintJson, type ValidationResult } from './validate/index.ts';
export type { ValidationContext, PluginDescriptor, JsonSchema } from './validate/context.ts';
export { PROBLEM_CODES, formatPath, type Problem, type ProblemCode } from './problems.ts';
export { blueprintJsonSchema } from './json-schema.ts';
export { generateBlueprint, GENERATED_PLUGINS } from './generate.ts';
export { checkAgainstSchema } from './validate/json-schema-checker.ts';
export { diffBlueprints, type BlueprintDiff, type ElementChange } from './diff.ts';
