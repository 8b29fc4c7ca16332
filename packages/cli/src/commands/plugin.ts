import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PluginId, PluginKind } from '@touchpoint/plugin-sdk';
import { UsageError, type Output } from '../output.ts';
import { pluginFiles } from '../scaffold/plugin-files.ts';

export const pluginHelp = `Usage: touchpoint plugin new NAME [--kind KIND] [--dir DIR]

Creates a plugin package with a working action, its test and a README.

Options:
      --kind KIND  channel, crm, payment, knowledge or other (default: other)
      --dir DIR    where to create it (default: plugins/NAME in a Touchpoint workspace, else ./NAME)
  -h, --help       show this help`;

const WORKSPACE = fileURLToPath(new URL('../../../../', import.meta.url));

export function pluginCommand(args: string[], output: Output): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { kind: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    output.out(pluginHelp);
    return 0;
  }
  const [verb, name, ...rest] = positionals;
  if (verb !== 'new') throw new UsageError(verb === undefined ? 'plugin needs a subcommand: new' : `unknown plugin subcommand "${verb}" (try: new)`);
  if (!name) throw new UsageError('plugin new needs the plugin\'s name, e.g. channel-line');
  if (rest.length > 0) throw new UsageError('plugin new takes one name');
  const id = PluginId.safeParse(name);
  if (!id.success) throw new UsageError(`"${name}" is not a plugin name: ${id.error.issues[0]?.message}`);
  const kind = PluginKind.safeParse(values.kind ?? 'other');
  if (!kind.success) throw new UsageError(`--kind must be one of: ${PluginKind.options.join(', ')}`);

  const inWorkspace = existsSync(join(process.cwd(), 'pnpm-workspace.yaml')) && existsSync(join(process.cwd(), 'plugins'));
  const dir = resolve(values.dir ?? (inWorkspace ? join('plugins', name) : name));
  if (existsSync(dir)) throw new UsageError(`${dir} already exists; choose another name or --dir`);
  const versionOf = (pkg: string) => JSON.parse(readFileSync(join(WORKSPACE, pkg, 'package.json'), 'utf8')).version as string;
  const sdkDependency = inWorkspace ? 'workspace:*' : `^${versionOf('packages/plugin-sdk')}`;
  const files = pluginFiles({ id: name, kind: kind.data, sdkVersion: sdkDependency, zodVersion: '^4.0.0' });
  for (const [file, text] of Object.entries(files)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    output.out(`  created ${relative(process.cwd(), path)}`);
  }
  output.out(`\nPlugin "${name}" is ready. Next: ${inWorkspace ? 'pnpm install, then ' : 'npm install, then '}run its test, and write your first real action in src/index.ts.`);
  return 0;
}
