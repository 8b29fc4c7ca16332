import type { Output } from '../output.ts';
import { runPlatform } from './platform.ts';

export const startHelp = `Usage: touchpoint start [--port N] [--data-dir DIR] [--host H]

Starts the whole platform in one process: the database (embedded PGlite in the data folder, or
PostgreSQL when DATABASE_URL is set), migrations, the HTTP API and a worker. On first run it
creates the "demo" tenant, deploys the worry-free rebooking template and prints an admin token.
A second start reuses the data.

Until channel connections are configured, messages to customers are printed here instead of sent.

Options:
  -p, --port N      port to listen on (default: PORT or 3000; 0 picks a free one)
      --host H      address to listen on (default: HOST or 127.0.0.1)
      --data-dir D  where the embedded database and the admin token live (default: .touchpoint)
  -h, --help        show this help`;

export function startCommand(args: string[], output: Output, signal?: AbortSignal): Promise<number> {
  return runPlatform(args, output, { server: true, worker: true, demo: true }, startHelp, signal);
}
