import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { createToken, requires, ROLES } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, notFound } from '../problem.ts';
import { IdParam, jsonBody, jsonResponse, problemResponses } from '../schemas.ts';
import { router } from './router.ts';

const Tenant = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi('Tenant');
const TokenInfo = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), createdAt: z.string(), revoked: z.boolean() }).openapi('ApiToken');

export function tenantRoutes({ db }: ServerDeps) {
  const app = router();

  app.openapi(
    createRoute({ method: 'get', path: '/tenants', tags: ['tenants'], summary: 'The caller\'s tenant', responses: { 200: jsonResponse(z.object({ items: z.array(Tenant) }), 'Tenants visible to this token'), ...problemResponses } }),
    async (c) => {
      const rows = await db.selectFrom('tenants').selectAll().where('id', '=', c.get('auth').tenantId).execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString() })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tenants',
      tags: ['tenants'],
      summary: 'Create a client tenant (an agency manages several); returns its first admin token, shown once',
      middleware: [requires('admin')],
      request: jsonBody(z.object({ name: z.string().min(1).max(200), id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/).optional() })),
      responses: { 201: jsonResponse(z.object({ tenant: Tenant, token: z.string() }), 'Created'), ...problemResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const id = body.id ?? `t-${randomUUID().slice(0, 8)}`;
      const created = await db.insertInto('tenants').values({ id, name: body.name }).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst();
      if (!created) throw new ApiError(409, 'TP_CONFLICT', `tenant "${id}" already exists`);
      const { token } = await createToken(db, { tenantId: id, name: 'first admin', role: 'admin' });
      return c.json({ tenant: { id, name: created.name, createdAt: created.created_at.toISOString() }, token }, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/tokens', tags: ['tenants'], summary: 'API tokens of the tenant (never the tokens themselves)', middleware: [requires('admin')], responses: { 200: jsonResponse(z.object({ items: z.array(TokenInfo) }), 'Tokens'), ...problemResponses } }),
    async (c) => {
      const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'role', 'created_at', 'revoked_at']).where('tenant_id', '=', c.get('auth').tenantId).orderBy('created_at').execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at.toISOString(), revoked: r.revoked_at !== null })) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/tokens', tags: ['tenants'], summary: 'Create an API token for a role; the token is shown once', middleware: [requires('admin')], request: jsonBody(z.object({ name: z.string().min(1).max(100), role: z.enum(ROLES) })), responses: { 201: jsonResponse(z.object({ id: z.string(), token: z.string(), role: z.enum(ROLES) }), 'Created'), ...problemResponses } }),
    async (c) => {
      const body = c.req.valid('json');
      const created = await createToken(db, { tenantId: c.get('auth').tenantId, name: body.name, role: body.role });
      return c.json({ ...created, role: body.role }, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/tokens/{id}', tags: ['tenants'], summary: 'Revoke a token', middleware: [requires('admin')], request: { params: IdParam }, responses: { 204: { description: 'Revoked' }, ...problemResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const updated = await db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('tenant_id', '=', c.get('auth').tenantId).where('id', '=', id).executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw notFound(`token "${id}"`);
      return c.body(null, 204);
    },
  );
  return app;
}
