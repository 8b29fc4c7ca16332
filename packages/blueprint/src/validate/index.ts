import { Blueprint, CURRENT_FORMAT_VERSION } from '../document.ts';
import { locateJsonError, lineAndColumn } from '../format/json-error.ts';
import { FormatVersionError, upgradeBlueprint } from '../format/upgrade.ts';
import type { Problem } from '../problems.ts';
import { checkCalendars } from './calendars.ts';
import type { ValidationContext } from './context.ts';
import { checkExpressions } from './expressions.ts';
import { checkTaskForms } from './forms.ts';
import { checkGraph } from './graph.ts';
import { checkKpis } from './kpis.ts';
import { checkPlugins } from './plugins.ts';
import { checkDuplicateIds, checkReferences } from './references.ts';
import { Report } from './report.ts';
import { reportSchemaIssues } from './schema.ts';
import { checkSubjourneys } from './subjourneys.ts';
import { checkTemplateLocales } from './templates.ts';
import { viewOfParsed, viewOfRaw } from './view.ts';

export interface ValidationResult {
  ok: boolean;
  problems: Problem[];
  /** The parsed document, defaults applied, when it is well-formed (even if it has semantic problems). */
  blueprint?: Blueprint;
  /** The format version the document was upgraded from, when it was older. */
  upgradedFrom?: number;
}

/**
 * Checks a blueprint and reports every problem at once, each with a JSON path and a plain message.
 * Older format versions are upgraded first. Never throws for any input.
 *
 * @example
 * const { ok, problems } = validateBlueprint(JSON.parse(text), { plugins: installed });
 * for (const p of problems) console.log(`${p.path}: ${p.message}`);
 */
export function validateBlueprint(input: unknown, context: ValidationContext = {}): ValidationResult {
  const report = new Report();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    report.add('TP_BLUEPRINT_NOT_AN_OBJECT', [], `a blueprint is a JSON object, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`);
    return { ok: false, problems: report.problems };
  }
  let doc = input as Record<string, unknown>;
  let upgradedFrom: number | undefined;
  try {
    const upgraded = upgradeBlueprint(doc);
    doc = upgraded.doc;
    if (upgraded.from !== CURRENT_FORMAT_VERSION) upgradedFrom = upgraded.from;
  } catch (error) {
    if (!(error instanceof FormatVersionError)) throw error;
    report.add('TP_BLUEPRINT_FORMAT_VERSION', ['formatVersion'], error.message);
    return { ok: false, problems: report.problems };
  }

  const parsed = Blueprint.safeParse(doc);
  if (!parsed.success) reportSchemaIssues(parsed.error, report);
  const view = parsed.success ? viewOfParsed(parsed.data) : viewOfRaw(doc);

  checkDuplicateIds(view, report);
  checkReferences(view, report);
  checkGraph(view, report);
  checkExpressions(view, report);
  checkTemplateLocales(view, report);
  checkCalendars(view, report);
  checkTaskForms(view, report);
  checkKpis(view, report);
  checkPlugins(view, context, report);
  checkSubjourneys(typeof doc.id === 'string' ? doc.id : undefined, view, context, report);
  if (parsed.success && parsed.data.defaultLocale !== undefined && !parsed.data.locales.includes(parsed.data.defaultLocale)) {
    report.add('TP_BLUEPRINT_SCHEMA', ['defaultLocale'], `the default locale "${parsed.data.defaultLocale}" is not one of the declared locales`);
  }

  const result: ValidationResult = { ok: report.problems.length === 0, problems: report.problems };
  if (parsed.success) result.blueprint = parsed.data;
  if (upgradedFrom !== undefined) result.upgradedFrom = upgradedFrom;
  return result;
}

/** Parses JSON text; a syntax error becomes a problem with its line and column instead of an exception. */
export function parseBlueprintJson(text: string): { ok: true; value: unknown } | { ok: false; problems: Problem[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = error instanceof RangeError ? -1 : locateJsonError(text);
    let where = '';
    if (offset >= 0) {
      const { line, column } = lineAndColumn(text, offset);
      where = ` (line ${line}, column ${column})`;
    }
    const reason = error instanceof RangeError ? 'the document is nested too deeply' : message.split('\n')[0];
    return { ok: false, problems: [{ code: 'TP_BLUEPRINT_JSON', path: '', message: `not valid JSON${where}: ${reason}` }] };
  }
}
