/**
 * Child processes and CPU accounting for `pnpm bench:runtime`: bench workers and raw-SQL
 * clients in processes of their own, talking over IPC; CPU time of PostgreSQL's processes and
 * RSS of any process read from /proc (Linux).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

export interface StatementStats {
  count: number;
  ms: number;
  rows: number;
}

export interface WorkerStats {
  pid: number;
  elapsedMs: number;
  cpuMs: number;
  eventLoopUtilization: number;
  rssMb: number;
  heapUsedMb: number;
  pluginCalls: number;
  errors: number;
  firstError?: string;
  statements: Record<string, StatementStats>;
}

/** One child speaking the bench's small IPC protocol. */
export class Child {
  readonly ready: Promise<{ pid: number }>;
  private readonly exited: Promise<number | null>;

  constructor(readonly process: ChildProcess) {
    this.ready = this.next((m) => m.ready === true) as Promise<{ pid: number }>;
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    // A child that dies before it is ready fails the run with its exit code, not a hang.
    void this.exited.then((code) => this.rejectWaiting?.(new Error(`child ${process.pid} exited with code ${code}`)));
  }

  private rejectWaiting: ((error: Error) => void) | undefined;

  /** The next message matching `match`. */
  next(match: (message: Record<string, unknown>) => boolean, timeoutMs = 120_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`child ${this.process.pid}: no answer within ${timeoutMs} ms`)), timeoutMs);
      const listener = (message: unknown) => {
        if (typeof message === 'object' && message !== null && match(message as Record<string, unknown>)) done(undefined, message as Record<string, unknown>);
      };
      const done = (error?: Error, message?: Record<string, unknown>) => {
        clearTimeout(timer);
        this.process.off('message', listener);
        this.rejectWaiting = undefined;
        if (error) reject(error);
        else resolve(message!);
      };
      this.rejectWaiting = (error) => done(error);
      this.process.on('message', listener);
    });
  }

  send(message: unknown): void {
    this.process.send(message as never);
  }

  async stats(): Promise<WorkerStats> {
    const answer = this.next((m) => 'stats' in m);
    this.send('stats');
    return (await answer).stats as WorkerStats;
  }

  /** Asks the child to finish and exit; kills it if it has not within `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    try {
      this.send('stop');
    } catch {
      // IPC already closed.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }
}

const children = new Set<Child>();

function start(script: string, env: Record<string, string | number>, execArgv: string[] = []): Child {
  const child = new Child(
    fork(here(script), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx', ...execArgv],
      env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  children.add(child);
  child.process.once('exit', () => children.delete(child));
  return child;
}

/** BENCH_WORKER_NODE_ARGS adds Node flags to the workers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (diagnosis). */
export const startWorker = (env: Record<string, string | number>) => start('./runtime-worker.ts', env, (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean));
export const startRaw = (env: Record<string, string | number>) => start('./runtime-raw.ts', env);

/** Kills every child still running (on failure or interrupt). */
export function killChildren(): void {
  for (const child of children) child.kill();
}

// ---- /proc ---------------------------------------------------------------------------------

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procStat(pid: string): { comm: string; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After "pid (comm) ": state is field 3 → index 0; utime is field 14 → index 11; stime 15 → 12.
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** CPU time (ms) of every live PostgreSQL process, by pid. */
export function postgresCpu(): Map<string, number> {
  const result = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = procStat(pid);
    if (stat && stat.comm.startsWith('postgres')) result.set(pid, stat.ticks * TICK_MS);
  }
  return result;
}

/**
 * PostgreSQL CPU (ms) used since `before`, by the processes in `only` when given (processes that
 * ended meanwhile are not counted, so read this before the connections close).
 */
export function postgresCpuSince(before: Map<string, number>, only?: ReadonlySet<number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) {
    if (only && !only.has(Number(pid))) continue;
    total += ms - (before.get(pid) ?? 0);
  }
  return total;
}

/** Busy and total CPU time (ms) of the whole machine, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

/** Resident set size of a process in MB (what `ps -o rss=` shows), from /proc. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
