import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as it arrived, whether it was processed or answered from the replay store. */
export interface Delivery {
  key: string;
  path: string;
  /** The `x-worker` header, when the sender tags its calls (see tag-deliveries.ts). */
  worker: string | undefined;
  /** The runtime's attempt number from the body (1 for the first try of an effect). */
  attempt: number;
  /** Date.now() on arrival. */
  at: number;
  /** False for the one delivery per key that was processed; true for every replay. */
  replayed: boolean;
}

/** What the provider did the one time it processed a key: its ledger entry. */
export interface Processed {
  key: string;
  receipt: string;
  path: string;
  /** What the request asked for (body minus the attempt number): a replay must ask the same. */
  fingerprint: string;
  at: number;
  response: Record<string, unknown>;
}

/** How long the "provider" takes to answer: widens the window in which a worker can die mid-call. */
export type ReceiverDelay = number | ((key: string) => number);

/**
 * Plays a payment/CRM provider on 127.0.0.1 that honours idempotency keys the way Stripe does:
 * the first request with a key is processed (a ledger entry with a fresh receipt) and its response
 * remembered; every later request with that key gets the remembered response and is NOT processed
 * again. So `deliveries` counts what the runtime sent (at least once), `processed` counts what
 * the provider did (must be exactly once per key), and a request that reuses a key with a
 * different body is recorded as a mismatch (Stripe would refuse it).
 */
export class IdempotentReceiver {
  readonly deliveries: Delivery[] = [];
  readonly processed = new Map<string, Processed>();
  readonly mismatches: { key: string; first: string; again: string }[] = [];
  /** Requests that arrived without an idempotency key (answered 400: the runtime must always send one). */
  readonly missingKeys: string[] = [];
  /** A key delivered again while an earlier delivery of it was still being answered. */
  concurrentDuplicates = 0;
  private readonly inFlight = new Map<string, number>();
  private readonly server: Server;
  private receipts = 0;
  url = '';

  constructor(public delayMs: ReceiverDelay = 0) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  /** Closes the listener and drops kept-alive connections (workers' fetch keeps them open). */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Deliveries beyond the first per key: the at-least-once part. */
  get redeliveries(): number {
    return this.deliveries.length - this.processed.size;
  }

  deliveriesOf(key: string): Delivery[] {
    return this.deliveries.filter((d) => d.key === key);
  }

  /** Deliveries per `x-worker` tag. */
  deliveriesByWorker(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.deliveries) counts.set(d.worker ?? '?', (counts.get(d.worker ?? '?') ?? 0) + 1);
    return counts;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || typeof key !== 'string' || key === '') {
      this.missingKeys.push(`${req.method} ${path}`);
      return answer(res, 400, { error: 'an idempotency-key header is required' });
    }
    let body: { attempt?: number; [field: string]: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return answer(res, 400, { error: 'the body is not JSON' });
    }
    const { attempt = 0, ...request } = body;
    const fingerprint = JSON.stringify({ path, request });
    const worker = req.headers['x-worker'];

    // Decide (and record) synchronously on arrival, so two deliveries racing each other can never
    // both be "the first": this is the provider's own unique constraint on the key.
    let entry = this.processed.get(key);
    const replayed = entry !== undefined;
    if (!entry) {
      const receipt = `rcpt-${++this.receipts}`;
      entry = { key, receipt, path, fingerprint, at: Date.now(), response: { receipt, key } };
      this.processed.set(key, entry);
    } else if (entry.fingerprint !== fingerprint) {
      this.mismatches.push({ key, first: entry.fingerprint, again: fingerprint });
    }
    this.deliveries.push({ key, path, worker: typeof worker === 'string' ? worker : undefined, attempt, at: Date.now(), replayed });

    const pending = this.inFlight.get(key) ?? 0;
    if (pending > 0) this.concurrentDuplicates++;
    this.inFlight.set(key, pending + 1);
    try {
      const delay = typeof this.delayMs === 'function' ? this.delayMs(key) : this.delayMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      answer(res, 200, entry.response);
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  // The worker may have been killed mid-request: writing to its dead socket is not our failure.
  res.on('error', () => undefined);
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
