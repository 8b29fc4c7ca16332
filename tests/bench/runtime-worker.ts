/**
 * A runtime worker in a process of its own, for `pnpm bench:runtime` (like
 * tests/support/worker-process.ts, with an in-process plugin host and measurements):
 *   DATABASE_URL=… DATABASE_SCHEMA=… [PLUGIN_DELAY_MS=0] [CONCURRENCY=8] [BATCH_SIZE=50]
 *   [POLL_MS=20] [POOL_SIZE=10] [LEASE_MS=30000] [TRACE=1] [PG_SETTINGS="synchronous_commit=off"] [APP_NAME=…]
 *   tsx tests/bench/runtime-worker.ts
 * The plugin host answers at once (PLUGIN_DELAY_MS=0) or after that many milliseconds.
 * With TRACE=1 every statement the process sends is counted and timed by kind (pg's
 * Client.prototype.query is wrapped before the pool opens), so the parent can say how many
 * round trips a transition takes and where the time goes. Talks to the parent over IPC:
 *   → { ready, pid }   ← 'stats' → { stats }   ← 'reset'   ← 'stop' (finish the work in hand, exit 0)
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '@touchpoint/store';
import { Runtime, Worker, type PluginHost } from '@touchpoint/runtime';

const url = process.env.DATABASE_URL;
const schema = process.env.DATABASE_SCHEMA;
if (!url || !schema) throw new Error('DATABASE_URL and DATABASE_SCHEMA are required');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// ---- statement tracing ---------------------------------------------------------------------

interface Kind {
  count: number;
  ms: number;
  rows: number;
}
let kinds = new Map<string, Kind>();

/** A short name for a statement: verb + table (+ the shape that tells the runtime's apart). */
function statementKind(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (sql === 'begin' || sql.startsWith('start transaction')) return 'begin';
  if (sql === 'commit' || sql === 'rollback') return sql;
  const table = (re: RegExp) => re.exec(sql)?.[1]?.replaceAll('"', '') ?? '?';
  if (sql.startsWith('update due_work set lease_owner')) return 'claim (update due_work … skip locked)';
  if (sql.startsWith('select')) {
    const from = table(/ from ("?[a-z_]+"?)/);
    if (sql.includes('for update')) return `select ${from} for update`;
    if (sql.includes('max(')) return `select max() ${from}`;
    return `select ${from}`;
  }
  if (sql.startsWith('insert')) return `insert ${table(/^insert into ("?[a-z_]+"?)/)}`;
  if (sql.startsWith('update')) return `update ${table(/^update ("?[a-z_]+"?)/)}`;
  if (sql.startsWith('delete')) return `delete ${table(/^delete from ("?[a-z_]+"?)/)}`;
  return sql.split(' ')[0] ?? '?';
}

if (process.env.TRACE === '1') {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function traced(this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : first?.text;
    const result = original.apply(this, args);
    if (typeof text !== 'string' || !(result instanceof Promise)) return result;
    const kind = statementKind(text);
    const start = performance.now();
    return result.then((value: { rowCount?: number | null }) => {
      const entry = kinds.get(kind) ?? { count: 0, ms: 0, rows: 0 };
      entry.count++;
      entry.ms += performance.now() - start;
      entry.rows += value?.rowCount ?? 0;
      kinds.set(kind, entry);
      return value;
    });
  } as typeof pg.Client.prototype.query;
}

// ---- the worker ----------------------------------------------------------------------------

const delayMs = env('PLUGIN_DELAY_MS', 0);
let pluginCalls = 0;
const plugins: PluginHost = {
  invoke: delayMs > 0
    ? () => new Promise((resolve) => setTimeout(() => resolve({ ok: true, n: ++pluginCalls }), delayMs))
    : async () => ({ ok: true, n: ++pluginCalls }),
};

// Extra server settings for this process's connections (what-if runs), e.g. synchronous_commit=off.
// The store sets search_path through the connection's `options`; with settings to add, pass
// both through the URL instead (pg reads `options` from the connection string).
const settings = (process.env.PG_SETTINGS ?? '').split(/\s+/).filter(Boolean);
// APP_NAME tags this process's connections (application_name), so the parent can find their
// server processes and count their CPU time.
const tagged = process.env.APP_NAME ? withParam(url, 'application_name', process.env.APP_NAME) : url;
const handle = settings.length === 0
  ? await openDatabase({ url: tagged, schema, poolSize: env('POOL_SIZE', 10) })
  : await openDatabase({ url: withParam(tagged, 'options', [`search_path=${schema}`, ...settings].map((o) => `-c ${o}`).join(' ')), poolSize: env('POOL_SIZE', 10) });
const runtime = new Runtime({ db: handle.db, plugins });
let errors = 0;
let firstError: string | undefined;
const worker = new Worker(runtime, {
  id: process.env.WORKER_ID ?? `bench-${process.pid}`,
  leaseMs: env('LEASE_MS', 30_000),
  pollMs: env('POLL_MS', 20),
  batchSize: env('BATCH_SIZE', 50),
  concurrency: env('CONCURRENCY', 8),
  onError: (error) => {
    errors++;
    firstError ??= error instanceof Error ? error.message : String(error);
  },
});

function withParam(base: string, name: string, value: string): string {
  const parsed = new URL(base);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

let cpu = process.cpuUsage();
let elu = performance.eventLoopUtilization();
let since = performance.now();

function stats() {
  const used = process.cpuUsage(cpu);
  const loop = performance.eventLoopUtilization(elu);
  const memory = process.memoryUsage();
  return {
    pid: process.pid,
    elapsedMs: performance.now() - since,
    cpuMs: (used.user + used.system) / 1000,
    eventLoopUtilization: loop.utilization,
    rssMb: memory.rss / 2 ** 20,
    heapUsedMb: memory.heapUsed / 2 ** 20,
    pluginCalls,
    errors,
    firstError,
    statements: Object.fromEntries(kinds),
  };
}

process.on('message', (message) => {
  if (message === 'stats') process.send?.({ stats: stats() });
  else if (message === 'reset') {
    kinds = new Map();
    cpu = process.cpuUsage();
    elu = performance.eventLoopUtilization();
    since = performance.now();
    pluginCalls = 0;
    errors = 0;
    firstError = undefined;
  } else if (message === 'stop') {
    void worker
      .stop()
      .then(() => handle.close())
      .then(() => process.exit(0));
  }
});
process.on('SIGTERM', () => {
  void worker
    .stop()
    .then(() => handle.close())
    .then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));

worker.start();
process.send?.({ ready: true, pid: process.pid });
