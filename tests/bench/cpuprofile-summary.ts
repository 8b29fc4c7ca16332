/**
 * Where a worker's CPU goes, from a V8 CPU profile (diagnosis for `pnpm bench:runtime`):
 *   BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" pnpm bench:runtime
 *   tsx tests/bench/cpuprofile-summary.ts /tmp/prof/CPU.….cpuprofile
 * Prints busy time (idle excluded) by bucket — each sample goes to the first bucket found walking
 * from the running function up its callers — then the top functions by self time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: tsx tests/bench/cpuprofile-summary.ts FILE.cpuprofile');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// First match wins, tested from the sampled frame outwards.
const buckets: Array<[string, (n: ProfileNode) => boolean]> = [
  ['idle', (n) => n.callFrame.functionName === '(idle)'],
  ['garbage collection', (n) => n.callFrame.functionName === '(garbage collector)'],
  ['module loading (start-up)', (n) => /node:internal\/modules|\/tsx@|esm\/(loader|translators|module_job)|hooks/.test(n.callFrame.url) || n.callFrame.functionName === 'compileSourceTextModule'],
  ['socket writes (one per statement)', (n) => ['writev', 'writeBuffer', 'writeUtf8String'].includes(n.callFrame.functionName)],
  ['socket reads + protocol parsing', (n) => /pg-protocol|stream_base_commons|readable/.test(n.callFrame.url)],
  ['engine (transition)', (n) => /packages\/engine\//.test(n.callFrame.url)],
  ['zod / ajv / cel', (n) => /\/(zod|ajv|@marcbachmann)/.test(n.callFrame.url)],
  ['kysely (build + compile + driver)', (n) => /kysely@/.test(n.callFrame.url)],
  ['pg (client, pool, type parsing)', (n) => /\/pg@|pg-pool|pg-types|postgres-date|type-parsers/.test(n.callFrame.url)],
  ['runtime (apply, outbox, worker)', (n) => /packages\/runtime\//.test(n.callFrame.url)],
  ['bench tracing', (n) => /runtime-worker\.ts/.test(n.callFrame.url)],
];
const byBucket = new Map<string, number>();
const bySelf = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  let bucket = 'other (timers, promises, node internals)';
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const hit = buckets.find(([, test]) => test(nodes.get(cur!)!));
    if (hit) {
      bucket = hit[0];
      break;
    }
  }
  byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + dt);
  const frame = nodes.get(id)!.callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules\/\.pnpm\/[^/]+|packages\/[^/]+\/src)\//, '$1/')}:${frame.lineNumber + 1}`;
  bySelf.set(key, (bySelf.get(key) ?? 0) + dt);
});
const idle = byBucket.get('idle') ?? 0;
const busy = total - idle;
console.log(`profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)}%)`);
for (const [name, t] of [...byBucket].filter(([n]) => n !== 'idle').sort((a, b) => b[1] - a[1])) {
  console.log(`  ${((t / busy) * 100).toFixed(1).padStart(5)}% of busy  ${name}`);
}
console.log('top functions by self time (% of busy):');
for (const [name, t] of [...bySelf].filter(([n]) => !n.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`  ${((t / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
}
