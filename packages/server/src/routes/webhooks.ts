import { isPluginError } from '@touchpoint/plugin-sdk';
import { Hono } from 'hono';
import { loadConnection } from '../connections.ts';
import type { ServerDeps } from '../deps.ts';
import { routeEvents } from '../ingress.ts';
import { ApiError } from '../problem.ts';
import { RateLimiter } from '../rate-limit.ts';

/** Webhook bodies are small; anything larger is refused before a plugin sees it. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;

/**
 * POST /api/v1/webhooks/{tenant}/{plugin}/{trigger} — the per-tenant, per-plugin address a provider
 * calls. No API token: the plugin's trigger verifies the provider's signature with the tenant's
 * connection. Unsigned, wrongly signed or replayed deliveries are refused (401) before anything is
 * enqueued; floods get 429 with Retry-After.
 */
export function webhookRoutes(deps: ServerDeps) {
  const app = new Hono();
  const limiter = new RateLimiter(deps.webhookRate ?? 50, 2 * (deps.webhookRate ?? 50));

  app.post('/webhooks/:tenantId/:pluginId/:triggerId', async (c) => {
    const { tenantId, pluginId, triggerId } = c.req.param();
    const wait = limiter.take(`${tenantId}/${pluginId}`);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new ApiError(429, 'TP_RATE_LIMITED', `too many webhooks for ${pluginId}; retry in ${Math.ceil(wait / 1000)} s`);
    }
    const plugin = deps.plugins?.get(pluginId);
    const tenant = await deps.db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
    if (!plugin || !tenant || !plugin.manifest.triggers[triggerId]) throw new ApiError(404, 'TP_NOT_FOUND', 'no such webhook address');

    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > WEBHOOK_MAX_BYTES) throw new ApiError(413, 'TP_PAYLOAD_TOO_LARGE', `a webhook body may be at most ${WEBHOOK_MAX_BYTES} bytes`);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const connection = await loadConnection(deps.db, deps.secretKey, tenantId, plugin.manifest);
    let events;
    try {
      events = await deps.plugins!.handleWebhook({ plugin: pluginId, trigger: triggerId, request: { method: 'POST', url: c.req.url, headers, body }, ...(connection && { connection }) });
    } catch (error) {
      if (isPluginError(error, 'TP_PLUGIN_SIGNATURE_INVALID')) throw new ApiError(401, error.code, 'the webhook signature does not verify');
      if (isPluginError(error, 'TP_PLUGIN_PAYLOAD_INVALID')) throw new ApiError(400, error.code, error.message);
      if (isPluginError(error, 'TP_PLUGIN_CONNECTION_INVALID')) throw new ApiError(409, error.code, `the tenant's ${pluginId} connection is missing or incomplete`);
      throw error;
    }
    const deliveries = await routeEvents({ db: deps.db, runtime: deps.runtime }, { tenantId, pluginId, triggerId, events });
    const reply = plugin.definition.triggers?.[triggerId]?.reply;
    if (reply) return c.body(reply.body, 200, { 'content-type': reply.contentType });
    return c.json({ accepted: deliveries.length, deliveries });
  });
  /**
   * GET on the same address: the provider's ownership check when the URL is saved (WeChat sends a
   * signed `echostr` and expects it back). The plugin's trigger verifies the signature first.
   */
  app.get('/webhooks/:tenantId/:pluginId/:triggerId', async (c) => {
    const { tenantId, pluginId, triggerId } = c.req.param();
    const echo = c.req.query('echostr');
    const plugin = deps.plugins?.get(pluginId);
    if (!plugin || !plugin.manifest.triggers[triggerId] || echo === undefined) throw new ApiError(404, 'TP_NOT_FOUND', 'no such webhook address');
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const connection = await loadConnection(deps.db, deps.secretKey, tenantId, plugin.manifest);
    const verified = await deps.plugins!.verifyWebhook({ plugin: pluginId, trigger: triggerId, request: { method: 'GET', url: c.req.url, headers, body: '' }, ...(connection && { connection }) });
    if (verified !== true) throw new ApiError(401, 'TP_PLUGIN_SIGNATURE_INVALID', 'the verification request is not signed by the provider');
    return c.text(echo);
  });
  return app;
}
