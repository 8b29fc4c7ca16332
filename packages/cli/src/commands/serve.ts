import type { Output } from '../output.ts';
import { runPlatform } from './platform.ts';

export const serveHelp = `Usage: DATABASE_URL=postgres://… touchpoint serve [--port N] [--host H]

Runs the HTTP API only, for production on PostgreSQL next to one or more "touchpoint worker"
processes. Migrates the database first.

Options:
  -p, --port N  port to listen on (default: PORT or 3000)
      --host H  address to listen on (default: HOST or 127.0.0.1)
  -h, --help    show this help`;

export const workerHelp = `Usage: DATABASE_URL=postgres://… touchpoint worker

Runs a worker only: it claims due timers, plugin calls and ready steps from the database and
applies them. Run as many as you need against one PostgreSQL; SIGTERM stops one gracefully.

Options:
  -h, --help  show this help`;

export function serveCommand(args: string[], output: Output, signal?: AbortSignal): Promise<number> {
  return runPlatform(args, output, { server: true, worker: false, demo: false }, serveHelp, signal);
}

export function workerCommand(args: string[], output: Output, signal?: AbortSignal): Promise<number> {
  return runPlatform(args, output, { server: false, worker: true, demo: false }, workerHelp, signal);
}
