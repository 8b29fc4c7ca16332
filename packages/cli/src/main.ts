import { startCommand, startHelp } from './commands/start.ts';
import { validateCommand, validateHelp } from './commands/validate.ts';
import { processOutput, UsageError, type Output } from './output.ts';

const COMMANDS: Record<string, { run: (args: string[], output: Output) => number | Promise<number>; help: string; summary: string }> = {
  start: { run: startCommand, help: startHelp, summary: 'start Touchpoint on the embedded database' },
  validate: { run: validateCommand, help: validateHelp, summary: 'check a blueprint file and list every problem' },
};

export const mainHelp = `Usage: touchpoint <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`)
  .join('\n')}

Run "touchpoint <command> --help" for a command's options.`;

/** Runs the command line and returns the exit code; never calls process.exit, so tests can call it. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
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
    return await command.run(args, output);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`touchpoint ${name}: ${(error as Error).message}\nRun "touchpoint ${name} --help" for usage.`);
      return 2;
    }
    throw error;
  }
}
