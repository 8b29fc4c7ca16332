import { createRoute, z } from '@hono/zod-openapi';
import { checkConnection, redactConnection, sealConnection } from '@touchpoint/plugin-sdk';
import { requires } from '../auth.ts';
import { loadConnection } from '../connections.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, notFound } from '../problem.ts';
import { Json, jsonBody, jsonResponse, problemResponses } from '../schemas.ts';
import { router } from './router.ts';

const PluginParam = z.object({ pluginId: z.string().min(1).max(64).openapi({ param: { name: 'pluginId', in: 'path' } }) });
const Connection = z.object({ pluginId: z.string(), config: Json, updatedAt: z.string() }).openapi('PluginConnection');

export function pluginRoutes({ db, plugins, secretKey }: ServerDeps) {
  const app = router();
  const manifest = (id: string) => {
    const plugin = plugins?.get(id);
    if (!plugin) throw notFound(`installed plugin "${id}"`);
    return plugin.manifest;
  };

  app.openapi(
    createRoute({ method: 'get', path: '/plugins', tags: ['plugins'], summary: 'Installed plugins with their schemas and editor hints (the studio\'s palette)', responses: { 200: jsonResponse(z.object({ items: z.array(Json) }), 'Manifests'), ...problemResponses } }),
    (c) => c.json({ items: (plugins?.manifests ?? []) as unknown as Array<Record<string, unknown>> }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/connections', tags: ['plugins'], summary: 'The tenant\'s plugin connections; secrets are never returned', middleware: [requires('admin')], responses: { 200: jsonResponse(z.object({ items: z.array(Connection) }), 'Connections'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const rows = await db.selectFrom('plugin_connections').select(['plugin_id', 'updated_at']).where('tenant_id', '=', tenantId).orderBy('plugin_id').execute();
      const items = [];
      for (const row of rows) {
        const plugin = plugins?.get(row.plugin_id);
        if (!plugin) continue;
        const config = (await loadConnection(db, secretKey, tenantId, plugin.manifest)) ?? {};
        items.push({ pluginId: row.plugin_id, config: redactConnection(plugin.manifest, config), updatedAt: row.updated_at.toISOString() });
      }
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/connections/{pluginId}',
      tags: ['plugins'],
      summary: 'Save the tenant\'s connection to a plugin; checked against its schema, secrets encrypted at rest',
      middleware: [requires('admin')],
      request: { params: PluginParam, ...jsonBody(z.object({ config: Json })) },
      responses: { 200: jsonResponse(Connection, 'Saved'), ...problemResponses },
    }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { pluginId } = c.req.valid('param');
      const { config } = c.req.valid('json');
      const plugin = manifest(pluginId);
      const problems = checkConnection(plugin, config);
      if (problems.length > 0) throw new ApiError(422, 'TP_CONNECTION_INVALID', `the connection does not match ${pluginId}'s schema`, problems.map((p) => ({ path: p.path, message: p.message })));
      if (!secretKey) throw new ApiError(409, 'TP_SECRET_KEY_MISSING', 'set TOUCHPOINT_SECRET_KEY (32 bytes, base64) so that connection secrets can be encrypted');
      const sealed = sealConnection(plugin, config, secretKey, { bind: tenantId });
      const now = new Date();
      await db
        .insertInto('plugin_connections')
        .values({ tenant_id: tenantId, id: `${pluginId}`, plugin_id: pluginId, name: pluginId, config: sealed.config, secrets_encrypted: sealed.sealed ?? null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'plugin_id', 'name']).doUpdateSet({ config: sealed.config, secrets_encrypted: sealed.sealed ?? null, updated_at: now }))
        .execute();
      return c.json({ pluginId, config: redactConnection(plugin, config), updatedAt: now.toISOString() }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/connections/{pluginId}', tags: ['plugins'], summary: 'Remove the tenant\'s connection to a plugin', middleware: [requires('admin')], request: { params: PluginParam }, responses: { 204: { description: 'Removed' }, ...problemResponses } }),
    async (c) => {
      const deleted = await db.deleteFrom('plugin_connections').where('tenant_id', '=', c.get('auth').tenantId).where('plugin_id', '=', c.req.valid('param').pluginId).executeTakeFirst();
      if (deleted.numDeletedRows === 0n) throw notFound('connection');
      return c.body(null, 204);
    },
  );
  return app;
}
