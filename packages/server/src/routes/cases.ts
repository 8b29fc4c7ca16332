import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../auth.ts';
import { caseEvent, caseSummary, decodeCursor, encodeCursor } from '../convert.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, notFound } from '../problem.ts';
import { CaseEventSchema, CaseSummary, IdParam, Json, jsonBody, jsonResponse, problemResponses } from '../schemas.ts';
import { router } from './router.ts';

const StartCase = z
  .object({
    deploymentId: z.string().min(1),
    caseId: z.string().min(1).max(200).regex(/^[^/]+$/, 'no "/"').optional().openapi({ description: 'Makes the start idempotent.' }),
    customerId: z.string().min(1).optional(),
    data: Json.optional(),
    channel: z.string().max(64).optional(),
  })
  .openapi('StartCase');

const ListQuery = z.object({
  status: z.enum(['running', 'waiting', 'parked', 'completed', 'cancelled']).optional(),
  deploymentId: z.string().optional(),
  customerId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

const CaseDetail = CaseSummary.extend({ data: Json, timeline: z.array(CaseEventSchema) }).openapi('CaseDetail');
const ExternalEvent = z.object({ name: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/), data: Json.optional() }).openapi('ExternalEvent');
const Accepted = z.object({ caseId: z.string(), status: z.string(), changed: z.boolean() });

export function caseRoutes({ db, runtime }: ServerDeps) {
  const app = router();

  app.openapi(
    createRoute({ method: 'post', path: '/cases', tags: ['cases'], summary: 'Start a case', middleware: [requires('work')], request: jsonBody(StartCase), responses: { 201: jsonResponse(z.object({ caseId: z.string(), status: z.string(), created: z.boolean() }), 'Started (or already started with this caseId)'), ...problemResponses } }),
    async (c) => {
      const body = c.req.valid('json');
      const { tenantId } = c.get('auth');
      const started = await runtime.startCase({ tenantId, ...body } as Parameters<typeof runtime.startCase>[0]);
      return c.json(started, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/cases', tags: ['cases'], summary: 'List cases, newest first', request: { query: ListQuery }, responses: { 200: jsonResponse(z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }), 'A page of cases'), ...problemResponses } }),
    async (c) => {
      const query = c.req.valid('query');
      const { tenantId } = c.get('auth');
      let select = db.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId);
      if (query.status) select = select.where('status', '=', query.status);
      if (query.deploymentId) select = select.where('deployment_id', '=', query.deploymentId);
      if (query.customerId) select = select.where('customer_id', '=', query.customerId);
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        if (!after) throw new ApiError(400, 'TP_VALIDATION', 'the cursor is not one this API gave out', [{ path: 'cursor', message: 'unknown cursor' }]);
        select = select.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]));
      }
      const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return c.json({ items: page.map(caseSummary), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/cases/{id}', tags: ['cases'], summary: 'A case with its event timeline', request: { params: IdParam }, responses: { 200: jsonResponse(CaseDetail, 'The case'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      const row = await db.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound(`case "${id}"`);
      const events = await db.selectFrom('case_events').selectAll().where('tenant_id', '=', tenantId).where('case_id', '=', id).orderBy('seq').execute();
      const state = row.state as { data?: Record<string, unknown> };
      return c.json({ ...caseSummary(row), data: state.data ?? {}, timeline: events.map(caseEvent) }, 200);
    },
  );

  const act = (path: string, summary: string, permission: 'supervise' | 'work', body: z.ZodType | undefined, run: (tenantId: string, id: string, body: never) => Promise<{ changed: boolean; state: { status: string } }>) =>
    app.openapi(
      createRoute({ method: 'post', path, tags: ['cases'], summary, middleware: [requires(permission)], request: { params: IdParam, ...(body && jsonBody(body)) }, responses: { 200: jsonResponse(Accepted, 'Applied'), ...problemResponses } }),
      async (c) => {
        const { tenantId } = c.get('auth');
        const { id } = c.req.valid('param');
        const result = await run(tenantId, id, (body ? c.req.valid('json' as never) : undefined) as never);
        return c.json({ caseId: id, status: result.state.status, changed: result.changed }, 200);
      },
    );

  act('/cases/{id}/cancel', 'Cancel a case', 'supervise', z.object({ reason: z.string().max(500).optional() }), (tenantId, caseId, body: { reason?: string }) =>
    runtime.cancelCase({ tenantId, caseId, ...(body.reason !== undefined && { reason: body.reason }) }),
  );
  act('/cases/{id}/retry', 'Retry a parked case', 'supervise', undefined, (tenantId, caseId) => runtime.retryCase({ tenantId, caseId }));
  act('/cases/{id}/events', 'Tell a case something happened (a reply, a payment, a survey answer)', 'work', ExternalEvent, (tenantId, caseId, body: { name: string; data?: Record<string, unknown> }) =>
    runtime.sendEvent({ tenantId, caseId, name: body.name, ...(body.data && { data: body.data }) }),
  );

  return app;
}
