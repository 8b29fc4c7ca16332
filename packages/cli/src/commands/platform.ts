import { parseArgs } from 'node:util';
import { Runtime, Worker } from '@touchpoint/runtime';
import { webchatOutbox, widgetSource } from '@touchpoint/plugin-channel-webchat';
import { ChangeHub, createApp } from '@touchpoint/server';
import { migrationLevel } from '@touchpoint/store';
import { ensureDemo } from '../bootstrap.ts';
import { databaseChoice, openMigrated } from '../database.ts';
import { installedPlugins, secretKey, withConsoleChannels } from '../plugins.ts';
import { closeServer, listen, parsePort } from '../listen.ts';
import { UsageError, type Output } from '../output.ts';

export interface PlatformParts {
  server: boolean;
  worker: boolean;
  /** Set up the demo tenant on first run and print its token. */
  demo: boolean;
}

const OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs the server and/or a worker until SIGTERM or SIGINT, then shuts down gracefully: the worker
 * stops claiming and finishes the work in hand, the server stops accepting, the database closes.
 */
export async function runPlatform(args: string[], output: Output, parts: PlatformParts, help: string, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  if (values.help) {
    output.out(help);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const choice = databaseChoice(values['data-dir']);
  if (!parts.demo && !choice.url && parts.server !== parts.worker) {
    throw new UsageError('the embedded database serves one process: use "touchpoint start", or set DATABASE_URL to run serve and worker apart');
  }
  const port = parsePort(values.port ?? process.env.PORT, 3000);
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';

  const handle = await openMigrated(choice, output);
  const hub = new ChangeHub();
  const key = secretKey(choice.dataDir, parts.demo, output);
  const plugins = await installedPlugins(handle.db, key, output);
  // The quick start prints messages of channels a tenant has not connected; production sends or fails.
  const pluginHost = parts.demo ? withConsoleChannels(plugins, handle.db, output) : plugins;
  const runtime = new Runtime({ db: handle.db, plugins: pluginHost, onChange: (change) => hub.publish(change) });
  const worker = parts.worker ? new Worker(runtime, { onError: (error) => output.err(`worker: ${error instanceof Error ? error.message : String(error)}`) }) : undefined;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  try {
    const demo = parts.demo ? await ensureDemo(handle.db, choice.dataDir, output) : undefined;
    if (parts.server) {
      // The web chat's messages to visitors travel in this process, from its plugin to their streams.
      const webchat = { webchat: webchatOutbox, webchatOptions: { widget: widgetSource() } };
      const app = createApp({ db: handle.db, runtime, hub, plugins, ...webchat, ...(key && { secretKey: key }), database: { kind: handle.kind, migration: () => migrationLevel(handle.db) } });
      server = await listen(app, port, host);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      output.out('');
      output.out(`Touchpoint is running at http://${host}:${actualPort}`);
      output.out(`  API reference  http://${host}:${actualPort}/api/reference`);
      output.out(`  health         http://${host}:${actualPort}/api/v1/health`);
    }
    if (demo) output.out(`  admin token    ${demo.token}   (tenant "demo"${demo.firstRun ? '; kept in the data folder' : ''})`);
    worker?.start();
    if (worker) output.out(`Worker ${worker.id} is running cases.`);
    output.out('Press Ctrl+C to stop.');
  } catch (error) {
    if (server) await closeServer(server);
    await handle.close();
    throw error;
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  output.out('Stopping: finishing the work in hand…');
  await worker?.stop();
  if (server) await closeServer(server);
  await handle.close();
  output.out('Stopped.');
  return 0;
}
