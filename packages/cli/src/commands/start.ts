import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validateBlueprint } from '@touchpoint/blueprint';
import type { Output } from '../output.ts';
import { bundledTemplates, templateBlueprintPath } from '../templates.ts';

export const startHelp = `Usage: touchpoint start

Starts Touchpoint on the embedded database.

Today this checks the bundled templates and reports on each: the server, the worker and the
embedded database are being built (see the README's status section). The command and its
options will stay the same.

Options:
  -h, --help  show this help`;

export function startCommand(args: string[], output: Output): number {
  const { values } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    output.out(startHelp);
    return 0;
  }
  output.out('Touchpoint: checking the bundled templates…');
  let failures = 0;
  for (const name of bundledTemplates()) {
    const result = validateBlueprint(JSON.parse(readFileSync(templateBlueprintPath(name), 'utf8')));
    const nodes = result.blueprint?.nodes.length ?? 0;
    if (result.ok) output.out(`  ✓ ${name}: valid (${nodes} nodes)`);
    else {
      failures++;
      output.err(`  ✗ ${name}: ${result.problems.length} problems`);
      for (const problem of result.problems) output.err(`      ${problem.path}: ${problem.message}`);
    }
  }
  output.out('The server and the durable runtime are not built yet: nothing is listening. See README.md, "Status".');
  return failures === 0 ? 0 : 1;
}
