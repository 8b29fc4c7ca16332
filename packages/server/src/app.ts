import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { blueprintJsonSchema } from '@touchpoint/blueprint';
import { bodyLimit } from 'hono/body-limit';
import { authenticate } from './auth.ts';
import type { ServerDeps } from './deps.ts';
import { ApiError, onError, validationHook } from './problem.ts';
import { referencePage } from './reference.ts';
import { blueprintRoutes } from './routes/blueprints.ts';
import { caseRoutes } from './routes/cases.ts';
import { customerRoutes } from './routes/customers.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { liveRoutes } from './routes/live.ts';
import { pluginRoutes } from './routes/plugins.ts';
import { WEBHOOK_MAX_BYTES, webhookRoutes } from './routes/webhooks.ts';
import { webchatRoutes } from './routes/webchat.ts';
import { taskRoutes } from './routes/tasks.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { jsonResponse } from './schemas.ts';

const DEFAULT_MAX_BODY = 1024 * 1024;
/** Blueprint documents may be large (10,000 nodes is about 3 MB). */
const BLUEPRINT_MAX_BODY = 20 * 1024 * 1024;

export const API_INFO = {
  title: 'Touchpoint API',
  version: '0.1.0',
  description: 'Design customer service as a product, and run it: blueprints, deployments, cases, tasks, customers.',
};

/**
 * The HTTP API. Everything under /api/v1 needs a tenant API token, except health; every error is
 * problem+json; the OpenAPI 3.1 document is generated from the same zod schemas that validate.
 */
export function createApp(deps: ServerDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound((c) => onError(new ApiError(404, 'TP_NOT_FOUND', `no route for ${c.req.method} ${c.req.path}`), c));

  const limit = (maxSize: number) =>
    bodyLimit({ maxSize, onError: () => { throw new ApiError(413, 'TP_PAYLOAD_TOO_LARGE', `the request body is larger than ${maxSize} bytes`); } });
  app.use('/api/v1/blueprints/*', limit(BLUEPRINT_MAX_BODY));
  app.use('/api/v1/blueprints', limit(BLUEPRINT_MAX_BODY));
  app.use('/api/v1/webhooks/*', limit(WEBHOOK_MAX_BYTES));
  app.use('/api/v1/*', async (c, next) => (c.req.path.startsWith('/api/v1/blueprints') || c.req.path.startsWith('/api/v1/webhooks/') ? next() : limit(deps.maxBodyBytes ?? DEFAULT_MAX_BODY)(c, next)));

  const health = createRoute({
    method: 'get',
    path: '/api/v1/health',
    tags: ['health'],
    summary: 'Liveness and the database in use',
    responses: { 200: jsonResponse(z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']), migration: z.string().nullable() }), 'Ready') },
  });
  app.openapi(health, async (c) => c.json({ status: 'ok' as const, database: deps.database.kind, migration: await deps.database.migration() }, 200));
  app.get('/api/v1/schema/blueprint.json', (c) => c.json(blueprintJsonSchema()));
  // Webhooks carry the provider's signature, not an API token: mounted before authentication.
  app.route('/api/v1', webhookRoutes(deps));
  app.route('/api/v1', webchatRoutes(deps)); // visitors authenticate with their own signed token

  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.use('*', authenticate(deps.db));
  for (const routes of [tenantRoutes, blueprintRoutes, deploymentRoutes, caseRoutes, taskRoutes, customerRoutes, pluginRoutes, liveRoutes]) api.route('/', routes(deps));
  app.route('/api/v1', api);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO, security: [{ bearer: [] }], servers: [{ url: '/' }] });
  app.get('/api/openapi.json', (c) => c.json(document()));
  app.get('/api/reference', (c) => c.html(referencePage(document() as never)));
  return app;
}
