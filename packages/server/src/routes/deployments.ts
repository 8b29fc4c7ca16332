import { createRoute, z } from '@hono/zod-openapi';
import { checkCompatibility } from '@touchpoint/plugin-sdk';
import { deployVersion } from '@touchpoint/runtime';
import type { Row } from '@touchpoint/store';
import { requires } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, notFound } from '../problem.ts';
import { IdParam, Json, jsonBody, jsonResponse, problemResponses } from '../schemas.ts';
import { router } from './router.ts';

const Deployment = z.object({ id: z.string(), name: z.string(), blueprintVersionId: z.string(), active: z.boolean(), config: Json, createdAt: z.string() }).openapi('Deployment');
const toApi = (r: Row<'deployments'>) => ({ id: r.id, name: r.name, blueprintVersionId: r.blueprint_version_id, active: r.active, config: r.config, createdAt: r.created_at.toISOString() });

export function deploymentRoutes({ db, plugins }: ServerDeps) {
  const app = router();
  const find = async (tenantId: string, id: string) => {
    const row = await db.selectFrom('deployments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`deployment "${id}"`);
    return row;
  };

  app.openapi(
    createRoute({ method: 'get', path: '/deployments', tags: ['deployments'], summary: 'List deployments', responses: { 200: jsonResponse(z.object({ items: z.array(Deployment) }), 'Deployments'), ...problemResponses } }),
    async (c) => {
      const rows = await db.selectFrom('deployments').selectAll().where('tenant_id', '=', c.get('auth').tenantId).orderBy('created_at', 'desc').execute();
      return c.json({ items: rows.map(toApi) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/deployments', tags: ['deployments'], summary: 'Deploy a published version', middleware: [requires('deploy')], request: jsonBody(z.object({ versionId: z.string().min(1), name: z.string().min(1).max(100), config: Json.optional() })), responses: { 201: jsonResponse(Deployment, 'Deployed and active'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const body = c.req.valid('json');
      if (plugins) {
        // A version published with plugin majors that are no longer installed would fail at run time: refuse it now.
        const version = await db.selectFrom('blueprint_versions').select('document').where('tenant_id', '=', tenantId).where('id', '=', body.versionId).executeTakeFirst();
        const recorded = (version?.document as { plugins?: Record<string, string> } | undefined)?.plugins ?? {};
        const problems = checkCompatibility(recorded, plugins.manifests);
        if (problems.length > 0) throw new ApiError(422, 'TP_PLUGIN_INCOMPATIBLE', `this version cannot run with the installed plugins: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ path: `plugins.${p.plugin}`, message: p.message })));
      }
      const { id } = await deployVersion(db, { tenantId, versionId: body.versionId, name: body.name, ...(body.config && { config: body.config }) });
      return c.json(toApi(await find(tenantId, id)), 201);
    },
  );

  for (const [action, active] of [['activate', true], ['deactivate', false]] as const) {
    app.openapi(
      createRoute({ method: 'post', path: `/deployments/{id}/${action}`, tags: ['deployments'], summary: `${action === 'activate' ? 'Activate' : 'Deactivate'} a deployment`, middleware: [requires('deploy')], request: { params: IdParam }, responses: { 200: jsonResponse(Deployment, 'Updated'), ...problemResponses } }),
      async (c) => {
        const { tenantId } = c.get('auth');
        const { id } = c.req.valid('param');
        await find(tenantId, id);
        await db.updateTable('deployments').set({ active, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
        return c.json(toApi(await find(tenantId, id)), 200);
      },
    );
  }
  return app;
}
