import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseBlueprintJson, validateBlueprint, type PluginDescriptor, type Problem } from '@touchpoint/blueprint';
import { UsageError, type Output } from '../output.ts';

export const validateHelp = `Usage: touchpoint validate FILE [--plugins FILE] [--json]

Checks a blueprint and lists every problem with its JSON path.
Exits 0 when the blueprint is valid, 1 when it has problems, 2 on a usage error.

Options:
  --plugins FILE  a JSON array describing installed plugins ({ id, version, actions, triggers }),
                  to check plugin actions and their inputs
  --json          print the result as JSON (for tools and CI)
  -h, --help      show this help`;

/** Blueprints above this size are refused before parsing: the editor's limits are far below it. */
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export function validateCommand(args: string[], output: Output): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { plugins: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    output.out(validateHelp);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('validate needs the blueprint file to check');
  if (extra.length > 0) throw new UsageError(`validate takes one file, not ${positionals.length}`);

  const text = readText(file);
  const plugins = values.plugins === undefined ? undefined : readPlugins(values.plugins);
  const parsed = parseBlueprintJson(text);
  const problems: Problem[] = parsed.ok ? validateBlueprint(parsed.value, plugins ? { plugins } : {}).problems : parsed.problems;

  if (values.json) output.out(JSON.stringify({ file, ok: problems.length === 0, problems }, null, 2));
  else if (problems.length === 0) output.out(`${file}: valid`);
  else {
    for (const problem of problems) output.err(`${file}: ${problem.path || '(document)'}: ${problem.message} [${problem.code}]`);
    output.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}`);
  }
  return problems.length === 0 ? 0 : 1;
}

function readText(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (size > MAX_FILE_BYTES) throw new UsageError(`${file} is ${Math.round(size / 1024 / 1024)} MiB; a blueprint may be at most 50 MiB`);
  return readFileSync(file, 'utf8');
}

function readPlugins(file: string): PluginDescriptor[] {
  const parsed = parseBlueprintJson(readText(file));
  if (!parsed.ok) throw new UsageError(`--plugins ${file}: ${parsed.problems[0]?.message}`);
  if (!Array.isArray(parsed.value)) throw new UsageError(`--plugins ${file} must hold a JSON array of plugin descriptions`);
  return parsed.value as PluginDescriptor[];
}
