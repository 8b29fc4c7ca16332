import { deployCommand, deployHelp } from './commands/deploy.ts';
import { migrateCommand, migrateHelp } from './commands/migrate.ts';
import { pluginCommand, pluginHelp } from './commands/plugin.ts';
import { serveCommand, serveHelp, workerCommand, workerHelp } from './commands/serve.ts';
import { startCommand, startHelp } from './commands/start.ts';
import { validateCommand, validateHelp } from './commands/validate.ts';
import { processOutput, UsageError, type Output } from './output.ts';

type Command = (args: string[], output: Output, signal?: AbortSignal) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string; summary: string }> = {
  start: { run: startCommand, help: startHelp, summary: 'run everything on the embedded database (the quick start)' },
  serve: { run: serveCommand, help: serveHelp, summary: 'run the HTTP API only (production, with DATABASE_URL)' },
  worker: { run: workerCommand, help: workerHelp, summary: 'run a worker only (production, with DATABASE_URL)' },
  migrate: { run: migrateCommand, help: migrateHelp, summary: 'bring the database schema up to date' },
  deploy: { run: deployCommand, help: deployHelp, summary: 'publish and deploy a bundled template for a tenant' },
  validate: { run: validateCommand, help: validateHelp, summary: 'check a blueprint file and list every problem' },
  plugin: { run: pluginCommand, help: pluginHelp, summary: 'create a plugin package (plugin new NAME)' },
};

export const mainHelp = `Usage: touchpoint <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join('\n')}

Environment: DATABASE_URL (PostgreSQL instead of the embedded database), PORT, HOST.
Run "touchpoint <command> --help" for a command's options.`;

/** Runs the command line and returns the exit code; never calls process.exit, so tests can call it. */
export async function main(argv: string[], output: Output = processOutput, signal?: AbortSignal): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.out(mainHelp);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    output.err(`touchpoint: unknown command "${name}"\n\n${mainHelp}`);
    return 2;
  }
  try {
    return await command.run(args, output, signal);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`touchpoint ${name}: ${(error as Error).message}\nRun "touchpoint ${name} --help" for usage.`);
      return 2;
    }
    output.err(`touchpoint ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
