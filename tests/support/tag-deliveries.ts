/**
 * Preloaded into worker processes spawned by tests: adds an `x-worker: <WORKER_ID>` header to
 * every outgoing fetch, so the test's receiver can tell which process made each plugin call.
 * HttpPluginHost sends no such header, and this way the worker under test stays exactly
 * tests/support/worker-process.ts instead of a copy of it.
 */
const tag = process.env.WORKER_ID ?? `worker-${process.pid}`;
const untagged = globalThis.fetch;

globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const headers = new Headers(init?.headers);
  headers.set('x-worker', tag);
  return untagged(input, { ...init, headers });
};
