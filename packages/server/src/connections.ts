import { createPluginHost, openConnection, type PluginHostOptions, type PluginLike, type PluginManifest, type SdkPluginHost } from '@touchpoint/plugin-sdk';
import type { Database } from '@touchpoint/store';
import type { Kysely } from 'kysely';

/**
 * A tenant's connection to a plugin, decrypted — only here, on its way into a plugin call or a
 * webhook check. The tenant id is bound into the encryption, so a row copied to another tenant
 * does not open.
 */
export async function loadConnection(db: Kysely<Database>, key: Buffer | undefined, tenantId: string, manifest: PluginManifest): Promise<Record<string, unknown> | undefined> {
  const row = await db
    .selectFrom('plugin_connections')
    .select(['config', 'secrets_encrypted'])
    .where('tenant_id', '=', tenantId)
    .where('plugin_id', '=', manifest.id)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.secrets_encrypted === null || key === undefined) return row.config;
  return openConnection(manifest, { config: row.config, sealed: row.secrets_encrypted }, key, { bind: tenantId });
}

/**
 * The plugin host the runtime and the webhooks share, reading each tenant's connection from the
 * database and decrypting it for the call.
 */
export function pluginHostFor(input: { db: Kysely<Database>; plugins: readonly PluginLike[]; secretKey?: Buffer; logger?: PluginHostOptions['logger'] }): SdkPluginHost {
  const host: SdkPluginHost = createPluginHost({
    plugins: input.plugins,
    ...(input.logger && { logger: input.logger }),
    connections: async (tenantId, pluginId) => {
      const plugin = host.get(pluginId);
      return plugin ? loadConnection(input.db, input.secretKey, tenantId, plugin.manifest) : undefined;
    },
  });
  return host;
}
