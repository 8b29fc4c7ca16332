import { createRoute, z } from '@hono/zod-openapi';
import { requires } from '../auth.ts';
import { task } from '../convert.ts';
import type { ServerDeps } from '../deps.ts';
import { notFound } from '../problem.ts';
import { IdParam, Json, jsonBody, jsonResponse, problemResponses, TaskSchema } from '../schemas.ts';
import { router } from './router.ts';

const Inbox = z.object({
  queue: z.string().max(64).optional(),
  role: z.string().max(64).optional(),
  status: z.enum(['open', 'claimed', 'completed', 'cancelled']).optional(),
  caseId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function taskRoutes({ db, runtime }: ServerDeps) {
  const app = router();

  app.openapi(
    createRoute({ method: 'get', path: '/tasks', tags: ['tasks'], summary: 'The inbox: tasks by queue, most urgent first', request: { query: Inbox }, responses: { 200: jsonResponse(z.object({ items: z.array(TaskSchema) }), 'Tasks'), ...problemResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenantId } = c.get('auth');
      let select = db.selectFrom('tasks').selectAll().where('tenant_id', '=', tenantId);
      if (q.queue) select = select.where('queue', '=', q.queue);
      if (q.role) select = select.where('role', '=', q.role);
      if (q.caseId) select = select.where('case_id', '=', q.caseId);
      select = q.status ? select.where('status', '=', q.status) : select.where('status', 'in', ['open', 'claimed']);
      const rows = await select.orderBy('priority', 'desc').orderBy('due_at', 'asc').orderBy('created_at', 'asc').limit(q.limit).execute();
      return c.json({ items: rows.map(task) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/tasks/{id}', tags: ['tasks'], summary: 'One task', request: { params: IdParam }, responses: { 200: jsonResponse(TaskSchema, 'The task'), ...problemResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const row = await db.selectFrom('tasks').selectAll().where('tenant_id', '=', c.get('auth').tenantId).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound(`task "${id}"`);
      return c.json(task(row), 200);
    },
  );

  const ok = z.object({ taskId: z.string(), status: z.string() });
  const current = async (tenantId: string, id: string) => {
    const row = await db.selectFrom('tasks').select('status').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
    return { taskId: id, status: row.status };
  };

  app.openapi(
    createRoute({ method: 'post', path: '/tasks/{id}/claim', tags: ['tasks'], summary: 'Claim a task', middleware: [requires('work')], request: { params: IdParam, ...jsonBody(z.object({ assignee: z.string().min(1).max(200) })) }, responses: { 200: jsonResponse(ok, 'Claimed'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      await runtime.claimTask({ tenantId, taskId: id, assignee: c.req.valid('json').assignee });
      return c.json(await current(tenantId, id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/tasks/{id}/complete', tags: ['tasks'], summary: 'Complete a task with its form data', middleware: [requires('work')], request: { params: IdParam, ...jsonBody(z.object({ data: Json.default({}), by: z.string().max(200).optional() })) }, responses: { 200: jsonResponse(ok, 'Completed'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await runtime.completeTask({ tenantId, taskId: id, data: body.data, ...(body.by !== undefined && { by: body.by }) });
      return c.json(await current(tenantId, id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/tasks/{id}/reassign', tags: ['tasks'], summary: 'Move a task to another queue or person', middleware: [requires('supervise')], request: { params: IdParam, ...jsonBody(z.object({ queue: z.string().min(1).max(64).optional(), assignee: z.string().min(1).max(200).nullable().optional() })) }, responses: { 200: jsonResponse(ok, 'Reassigned'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      await runtime.reassignTask({ tenantId, taskId: id, ...(body.queue !== undefined && { queue: body.queue }), ...(body.assignee !== undefined && { assignee: body.assignee }) });
      return c.json(await current(tenantId, id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/notifications', tags: ['tasks'], summary: 'Escalations and SLA warnings for a role', request: { query: z.object({ role: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) }, responses: { 200: jsonResponse(z.object({ items: z.array(z.object({ id: z.string(), caseId: z.string(), nodeId: z.string().nullable(), role: z.string().nullable(), queue: z.string().nullable(), reason: z.string(), message: z.string(), createdAt: z.string() })) }), 'Notifications'), ...problemResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      let select = db.selectFrom('notifications').selectAll().where('tenant_id', '=', c.get('auth').tenantId);
      if (q.role) select = select.where('role', '=', q.role);
      const rows = await select.orderBy('created_at', 'desc').limit(q.limit).execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, caseId: r.case_id, nodeId: r.node_id, role: r.role, queue: r.queue, reason: r.reason, message: r.message, createdAt: r.created_at.toISOString() })) }, 200);
    },
  );

  return app;
}
