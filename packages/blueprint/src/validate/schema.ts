import type { z } from 'zod';
import type { Report } from './report.ts';

/** Turns zod's issues into problems with JSON paths; union issues name what the element could be. */
export function reportSchemaIssues(error: z.ZodError, report: Report): void {
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    report.add('TP_BLUEPRINT_SCHEMA', path, describe(issue));
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined && 'options' in issue && issue.options) {
    return `"${issue.discriminator}" must be one of: ${issue.options.join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  return issue.message;
}
