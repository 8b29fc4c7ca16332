/** Where a command writes: injectable, so tests read what a user would see. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A usage mistake: the message is printed with a hint to `--help`, and the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
