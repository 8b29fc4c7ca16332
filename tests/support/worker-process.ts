/**
 * A worker in a process of its own, for the reliability tests and benchmarks:
 *   DATABASE_URL=… [DATABASE_SCHEMA=…] [RECEIVER_URL=…] [WORKER_ID=…] tsx tests/support/worker-process.ts
 * SIGTERM stops claiming, finishes the work in hand and exits 0; SIGKILL is the crash under test.
 */
import { openDatabase } from '@touchpoint/store';
import { Runtime, Worker, type PluginHost } from '@touchpoint/runtime';
import { HttpPluginHost } from './http-plugin-host.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const schema = process.env.DATABASE_SCHEMA;
const handle = await openDatabase({ url, poolSize: Number(process.env.POOL_SIZE ?? 10), ...(schema && { schema }) });
const plugins: PluginHost = process.env.RECEIVER_URL ? new HttpPluginHost(process.env.RECEIVER_URL) : { invoke: async () => ({ ok: true }) };
const runtime = new Runtime({ db: handle.db, plugins });
const worker = new Worker(runtime, {
  id: process.env.WORKER_ID ?? `worker-${process.pid}`,
  leaseMs: Number(process.env.LEASE_MS ?? 5_000),
  pollMs: Number(process.env.POLL_MS ?? 20),
  batchSize: Number(process.env.BATCH_SIZE ?? 50),
  concurrency: Number(process.env.CONCURRENCY ?? 8),
  onError: (error) => console.error(`[${process.pid}]`, error instanceof Error ? error.message : error),
});
worker.start();
process.send?.({ ready: true });
console.error(`[${process.pid}] worker ready`);

process.on('SIGTERM', () => {
  void worker.stop().then(() => handle.close()).then(() => process.exit(0));
});
