import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverPlugins, parseSecretKey, SECRET_KEY_ENV, type SdkPluginHost } from '@touchpoint/plugin-sdk';
import type { PluginCall, PluginHost } from '@touchpoint/runtime';
import { pluginHostFor } from '@touchpoint/server';
import type { Database } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import type { Output } from './output.ts';


/** Where first-party plugins live: the workspace this command belongs to. */
const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The key that seals connection secrets: TOUCHPOINT_SECRET_KEY, or — for the embedded quick
 * start only — one made on first run and kept in the data folder, readable by its owner alone.
 */
export function secretKey(dataDir: string, allowGenerated: boolean, output: Output): Buffer | undefined {
  const fromEnv = process.env[SECRET_KEY_ENV];
  if (fromEnv) return parseSecretKey(fromEnv);
  if (!allowGenerated) {
    output.err(`${SECRET_KEY_ENV} is not set: plugin connections with secrets cannot be saved or used.`);
    return undefined;
  }
  const file = join(dataDir, 'secret-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return parseSecretKey(readFileSync(file, 'utf8').trim());
}

/** The installed plugins (found in the workspace and node_modules), run with each tenant's connection. */
export async function installedPlugins(db: Kysely<Database>, key: Buffer | undefined, output: Output): Promise<SdkPluginHost> {
  const { plugins, problems } = await discoverPlugins(WORKSPACE);
  for (const problem of problems) output.err(`plugin not loaded: ${problem.packageName ?? problem.packageDir}: ${problem.message}`);
  output.out(`Plugins: ${plugins.map((p) => `${p.manifest.id}@${p.manifest.version}`).join(', ') || 'none'}`);
  return pluginHostFor({ db, plugins, ...(key && { secretKey: key }) });
}

/**
 * For the quick start: a channel message for a tenant that has not connected that channel yet is
 * printed here instead of failing, so a newcomer sees the journey talk. Every other call — and
 * every channel that is connected — goes to the real plugin.
 */
export function withConsoleChannels(host: PluginHost, db: Kysely<Database>, output: Output): PluginHost {
  return {
    async invoke(call: PluginCall) {
      if (call.plugin.startsWith('channel-') && call.action === 'send') {
        const connected = await db.selectFrom('plugin_connections').select('id').where('tenant_id', '=', call.tenantId).where('plugin_id', '=', call.plugin).executeTakeFirst();
        if (!connected) {
          output.out(`  [${call.plugin} → ${String(call.input.to ?? 'customer')}] ${String(call.input.text ?? '')}`);
          return { delivered: 'console' };
        }
      }
      return host.invoke(call);
    },
  };
}
