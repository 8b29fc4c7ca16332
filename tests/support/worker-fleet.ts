import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));

export interface FleetOptions {
  databaseUrl: string;
  schema: string;
  receiverUrl: string;
  /** Defaults for every worker (LEASE_MS, POLL_MS, POOL_SIZE, …); see worker-process.ts. */
  env?: Record<string, string>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One `tests/support/worker-process.ts` in a process of its own, started the way an operator
 * would start it (`node --import tsx …`, one process: no tsx CLI wrapper that a SIGKILL would
 * leave orphaned). Two preloads: one tags its plugin calls with its WORKER_ID, one makes it exit
 * if the test process dies.
 */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** Resolves once the worker has started polling (it says so over IPC). */
  readonly ready: Promise<void>;
  private readonly log: string[] = [];
  exit: Exit | undefined;
  /** True once `ready` resolved. */
  isReady = false;

  constructor(
    readonly id: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', script('exit-with-parent.ts'), '--import', script('tag-deliveries.ts'), script('worker-process.ts')],
      { cwd: root, env: { ...process.env, ...env, WORKER_ID: id }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    // Always drain the pipes: a worker blocked on a full stderr pipe would look like a hung worker.
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (text: string) => {
        this.log.push(...text.split('\n').filter(Boolean));
        if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      // Could not be started at all (or signalled after it was gone): say so instead of throwing.
      this.child.on('error', (error) => {
        this.log.push(`spawn error: ${error.message}`);
        if (this.child.pid === undefined) resolve((this.exit = { code: null, signal: null }));
      });
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: { ready?: boolean }) => {
        if (!message?.ready) return;
        this.isReady = true;
        resolve();
      });
      void this.exited.then((exit) => reject(new Error(`worker ${id} exited before it was ready (${JSON.stringify(exit)}):\n${this.output()}`)));
    });
    this.ready.catch(() => undefined); // observed by whoever awaits it
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The crash under test: no chance to finish, release or close anything. */
  async kill(): Promise<Exit> {
    if (this.running) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** The graceful stop; returns how long the worker took to exit. */
  async terminate(timeoutMs = 10_000): Promise<{ exit: Exit; ms: number }> {
    const started = Date.now();
    if (this.running) this.child.kill('SIGTERM');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`worker ${this.id} did not exit within ${timeoutMs} ms of SIGTERM:\n${this.output()}`)), timeoutMs).unref());
    const exit = await Promise.race([this.exited, timeout]);
    return { exit, ms: Date.now() - started };
  }

  /** What it reported through onError (the last 200 lines of output, minus its greeting). */
  errorLines(): string[] {
    return this.log.filter((line) => !line.endsWith('worker ready'));
  }

  /** The last lines it wrote, for failure messages. */
  output(): string {
    return this.log.map((line) => `  ${this.id}: ${line}`).join('\n');
  }
}

/** The worker processes of one test file; `killAll()` in afterAll, whatever happened. */
export class WorkerFleet {
  readonly all: WorkerProcess[] = [];
  private spawned = 0;
  private readonly onExit = () => {
    // Last resort if afterAll never runs: leave no worker behind.
    for (const worker of this.all) if (worker.running) worker.child.kill('SIGKILL');
  };

  constructor(private readonly options: FleetOptions) {
    process.once('exit', this.onExit);
  }

  /** Starts a worker (returns at once; await `.ready` to know it polls). */
  spawn(env: Record<string, string> = {}): WorkerProcess {
    const worker = new WorkerProcess(`w${++this.spawned}`, {
      DATABASE_URL: this.options.databaseUrl,
      DATABASE_SCHEMA: this.options.schema,
      RECEIVER_URL: this.options.receiverUrl,
      ...this.options.env,
      ...env,
    });
    this.all.push(worker);
    return worker;
  }

  running(): WorkerProcess[] {
    return this.all.filter((w) => w.running);
  }

  async killAll(): Promise<void> {
    await Promise.all(this.all.map((w) => w.kill()));
    process.removeListener('exit', this.onExit);
  }

  errorLines(): string[] {
    return this.all.flatMap((w) => w.errorLines().map((line) => `${w.id}: ${line}`));
  }

  /** Every worker's recent output, for a failure message. */
  output(): string {
    return this.all.map((w) => w.output()).join('\n');
  }
}
