/**
 * The baselines of `pnpm bench:runtime`: plain `pg` clients doing a transition's writes with no
 * engine, no Kysely and no worker, in a process of their own (the parent runs as many of these
 * as it runs workers, with as many connections each as a worker has lanes).
 *   DATABASE_URL=… DATABASE_SCHEMA=… MODE=raw3|shape|shape-batched TRANSITIONS=… LANES=8
 *   PROCESS_INDEX=0 [BATCH=10] [STATE_JSON=…] [PG_SETTINGS="synchronous_commit=off"] [APP_NAME=…]
 *   tsx tests/bench/runtime-raw.ts
 * Modes, per transition of a case:
 *   raw3          begin; insert event; insert due work; update case; commit — the raw limit
 *                 (a transaction with the least a transition must write);
 *   shape         the statements the runtime sends for one plugin-result transition today
 *                 (11 round trips: read the effect; begin; lock the case; delete the due work;
 *                 update the effect; update the case; max(seq); insert 3 events; insert the next
 *                 effect; insert its due work; commit) — the same SQL cost without JS overhead;
 *   shape-batched the same writes for BATCH transitions of different cases in one transaction,
 *                 one multi-row statement per kind (what a batching runtime could do).
 * IPC: → { ready } ← 'go' → { done, ms, cpuMs, transitions } ← 'stop' (closes and exits).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const url = process.env.DATABASE_URL!;
const schema = process.env.DATABASE_SCHEMA!;
const mode = process.env.MODE ?? 'raw3';
const transitions = Number(process.env.TRANSITIONS ?? 3_000);
const lanes = Number(process.env.LANES ?? 8);
const batch = mode === 'shape-batched' ? Number(process.env.BATCH ?? 10) : 1;
const processIndex = Number(process.env.PROCESS_INDEX ?? 0);
const state = process.env.STATE_JSON ?? JSON.stringify({ data: { ref: 'R-1' }, status: 'running', position: { nodeId: 'step-1', visit: 1 } });
const settings = ['search_path=' + schema, ...(process.env.PG_SETTINGS ?? '').split(/\s+/).filter(Boolean)];

// Each lane owns its cases; each case takes ~3 transitions in a row (step 1, 2, 3), like the flow.
const perLane = Math.ceil(transitions / lanes);
const casesPerLane = Math.max(batch, Math.ceil(perLane / 3));
const caseId = (lane: number, n: number) => `raw-${mode}-${processIndex}-${lane}-${n}`;
const stepKey = (c: string, step: number) => `${c}/step-${step}/1/call`;
const eventData = JSON.stringify({ kind: 'action', lane: 'backstage', stage: 'run', visit: 1 });
const payload = (key: string) => JSON.stringify({ effectKey: key, timeoutMs: 30_000, backoffMs: 2_000 });

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: settings.map((s) => `-c ${s}`).join(' '), ...(process.env.APP_NAME && { application_name: process.env.APP_NAME }) });
  await client.connect();
  return client;
}

async function seed(client: pg.Client, lane: number): Promise<void> {
  const ids = Array.from({ length: casesPerLane }, (_, n) => caseId(lane, n));
  await client.query(`insert into raw_cases (id, revision, state) select unnest($1::text[]), 1, $2::jsonb`, [ids, state]);
  if (mode === 'raw3') return;
  const keys = ids.map((c) => stepKey(c, 1));
  await client.query(`insert into raw_effects (key, case_id, status, input) select unnest($1::text[]), unnest($2::text[]), 'pending', '{"step":"step-1"}'`, [keys, ids]);
  await client.query(`insert into raw_work (case_id, kind, due_at, payload, dedupe_key) select unnest($1::text[]), 'effect', now(), '{}', 'effect:' || unnest($2::text[])`, [ids, keys]);
  await client.query(`insert into raw_events (case_id, seq, type, data) select unnest($1::text[]), s, 'node.entered', '{}' from generate_series(1, 4) s`, [ids]);
}

/** Transition i of a lane: which case, which step it completes (1-based). */
const target = (lane: number, i: number) => ({ c: caseId(lane, i % casesPerLane), step: Math.floor(i / casesPerLane) + 1 });

async function raw3(client: pg.Client, lane: number, i: number): Promise<void> {
  const { c, step } = target(lane, i);
  await client.query('begin');
  await client.query(`insert into raw_events (case_id, seq, type, data) values ($1, $2, 'node.entered', $3)`, [c, 100 + step, eventData]);
  await client.query(`insert into raw_work (case_id, kind, due_at, payload, dedupe_key) values ($1, 'effect', now(), $2, $3)`, [c, payload(stepKey(c, step + 1)), `effect:${stepKey(c, step + 1)}`]);
  await client.query(`update raw_cases set state = $2, revision = revision + 1, updated_at = now() where id = $1`, [c, state]);
  await client.query('commit');
}

async function shape(client: pg.Client, lane: number, i: number): Promise<void> {
  const { c, step } = target(lane, i);
  const done = stepKey(c, step);
  const next = stepKey(c, step + 1);
  await client.query(`select * from raw_effects where key = $1`, [done]);
  await client.query('begin');
  const { rows } = await client.query<{ revision: number }>(`select * from raw_cases where id = $1 for update`, [c]);
  await client.query(`delete from raw_work where dedupe_key = $1`, [`effect:${done}`]);
  await client.query(`update raw_effects set status = 'succeeded', attempts = 1, output = '{"ok":true}' where key = $1`, [done]);
  await client.query(`update raw_cases set state = $2, revision = $3 + 1, updated_at = now() where id = $1 and revision = $3`, [c, state, rows[0]!.revision]);
  const max = await client.query<{ seq: number | null }>(`select max(seq) as seq from raw_events where case_id = $1`, [c]);
  const seq = Number(max.rows[0]?.seq ?? 0);
  await client.query(
    `insert into raw_events (case_id, seq, type, data) values ($1, $2, 'action.succeeded', $5), ($1, $3, 'node.completed', $5), ($1, $4, 'node.entered', $5)`,
    [c, seq + 1, seq + 2, seq + 3, eventData],
  );
  await client.query(`insert into raw_effects (key, case_id, status, input) values ($1, $2, 'pending', '{"step":"next"}') on conflict (key) do nothing`, [next, c]);
  await client.query(`insert into raw_work (case_id, kind, due_at, payload, dedupe_key) values ($1, 'effect', now(), $2, $3) on conflict (dedupe_key) do nothing`, [c, payload(next), `effect:${next}`]);
  await client.query('commit');
}

async function shapeBatched(client: pg.Client, lane: number, first: number): Promise<void> {
  const items = Array.from({ length: batch }, (_, k) => target(lane, first + k));
  const ids = items.map((t) => t.c);
  const done = items.map((t) => stepKey(t.c, t.step));
  const next = items.map((t) => stepKey(t.c, t.step + 1));
  await client.query(`select * from raw_effects where key = any($1::text[])`, [done]);
  await client.query('begin');
  await client.query(`select * from raw_cases where id = any($1::text[]) order by id for update`, [ids]);
  await client.query(`delete from raw_work where dedupe_key = any($1::text[])`, [done.map((k) => `effect:${k}`)]);
  await client.query(`update raw_effects set status = 'succeeded', attempts = 1, output = '{"ok":true}' where key = any($1::text[])`, [done]);
  await client.query(`update raw_cases set state = $2::jsonb, revision = revision + 1, updated_at = now() where id = any($1::text[])`, [ids, state]);
  const max = await client.query<{ case_id: string; seq: number }>(`select case_id, max(seq) as seq from raw_events where case_id = any($1::text[]) group by case_id`, [ids]);
  const last = new Map(max.rows.map((r) => [r.case_id, Number(r.seq)]));
  const evCase: string[] = [];
  const evSeq: number[] = [];
  const evType: string[] = [];
  for (const c of ids) {
    const s = last.get(c) ?? 0;
    for (const [k, type] of ['action.succeeded', 'node.completed', 'node.entered'].entries()) {
      evCase.push(c);
      evSeq.push(s + k + 1);
      evType.push(type);
    }
  }
  await client.query(`insert into raw_events (case_id, seq, type, data) select unnest($1::text[]), unnest($2::int[]), unnest($3::text[]), $4::jsonb`, [evCase, evSeq, evType, eventData]);
  await client.query(`insert into raw_effects (key, case_id, status, input) select unnest($1::text[]), unnest($2::text[]), 'pending', '{"step":"next"}' on conflict (key) do nothing`, [next, ids]);
  await client.query(
    `insert into raw_work (case_id, kind, due_at, payload, dedupe_key) select unnest($1::text[]), 'effect', now(), '{}', 'effect:' || unnest($2::text[]) on conflict (dedupe_key) do nothing`,
    [ids, next],
  );
  await client.query('commit');
}

const clients = await Promise.all(Array.from({ length: lanes }, () => connect()));
await Promise.all(clients.map((client, lane) => seed(client, lane)));
process.send?.({ ready: true, pid: process.pid });

process.once('message', async () => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  let total = 0;
  await Promise.all(
    clients.map(async (client, lane) => {
      for (let i = 0; i < perLane; i += batch) {
        if (mode === 'raw3') await raw3(client, lane, i);
        else if (mode === 'shape') await shape(client, lane, i);
        else await shapeBatched(client, lane, i);
        total += batch;
      }
    }),
  );
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  // Connections stay open until the parent has read PostgreSQL's CPU time (their backends' counters).
  process.once('message', () => {
    void Promise.all(clients.map((client) => client.end())).finally(() => process.exit(0));
  });
  process.send?.({ done: true, ms, cpuMs: (used.user + used.system) / 1000, transitions: total });
});
process.on('disconnect', () => process.exit(0));
