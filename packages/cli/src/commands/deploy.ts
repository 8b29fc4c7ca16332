import { parseArgs } from 'node:util';
import { deployTemplate } from '../bootstrap.ts';
import { databaseChoice, openMigrated } from '../database.ts';
import { UsageError, type Output } from '../output.ts';
import { bundledTemplates } from '../templates.ts';

export const deployHelp = `Usage: touchpoint deploy TEMPLATE --tenant T [--data-dir DIR]

Publishes a bundled template as a blueprint version of tenant T (created if new) and deploys it.
Deploying an unchanged template again changes nothing.

Options:
      --tenant T    the tenant to deploy for (required)
      --data-dir D  the embedded database's folder (default: .touchpoint)
  -h, --help        show this help

Templates: ${bundledTemplates().join(', ')}`;

export async function deployCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { tenant: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    output.out(deployHelp);
    return 0;
  }
  const [template, ...rest] = positionals;
  if (!template) throw new UsageError('deploy needs the template to deploy');
  if (rest.length > 0) throw new UsageError('deploy takes one template');
  if (!values.tenant) throw new UsageError('deploy needs --tenant');
  if (!bundledTemplates().includes(template)) throw new UsageError(`no bundled template "${template}" (have: ${bundledTemplates().join(', ')})`);
  const handle = await openMigrated(databaseChoice(values['data-dir']), output);
  try {
    await deployTemplate(handle.db, { template, tenantId: values.tenant, output });
  } finally {
    await handle.close();
  }
  return 0;
}
