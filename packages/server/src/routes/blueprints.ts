import { createRoute, z } from '@hono/zod-openapi';
import { diffBlueprints, validateBlueprint } from '@touchpoint/blueprint';
import { describePlugin } from '@touchpoint/plugin-sdk';
import { publishBlueprint } from '@touchpoint/runtime';
import { requires } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, notFound } from '../problem.ts';
import { IdParam, Json, jsonBody, jsonResponse, problemResponses } from '../schemas.ts';
import { router } from './router.ts';

const Problem = z.object({ code: z.string(), path: z.string(), message: z.string(), nodeId: z.string().optional(), edgeId: z.string().optional() });
const Validation = z.object({ ok: z.boolean(), problems: z.array(Problem) }).openapi('ValidationResult');
const Draft = z.object({ id: z.string(), name: z.string(), document: Json, updatedAt: z.string() }).openapi('BlueprintDraft');
const Version = z.object({ id: z.string(), blueprintId: z.string(), version: z.number().int(), contentHash: z.string(), publishedAt: z.string() }).openapi('BlueprintVersion');
const DraftBody = z.object({ document: Json.openapi({ description: 'The blueprint document (see /api/v1/schema/blueprint.json). Drafts may be invalid.' }) });

export function blueprintRoutes({ db, plugins }: ServerDeps) {
  const app = router();
  const draftOf = async (tenantId: string, id: string) => {
    const row = await db.selectFrom('blueprints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`blueprint "${id}"`);
    return row;
  };
  const asDraft = (row: Awaited<ReturnType<typeof draftOf>>) => ({ id: row.id, name: row.name, document: row.draft, updatedAt: row.updated_at.toISOString() });

  app.openapi(
    createRoute({ method: 'get', path: '/blueprints', tags: ['blueprints'], summary: 'List blueprints', responses: { 200: jsonResponse(z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), updatedAt: z.string() })) }), 'Blueprints'), ...problemResponses } }),
    async (c) => {
      const rows = await db.selectFrom('blueprints').select(['id', 'name', 'updated_at']).where('tenant_id', '=', c.get('auth').tenantId).orderBy('id').execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, name: r.name, updatedAt: r.updated_at.toISOString() })) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/blueprints', tags: ['blueprints'], summary: 'Create a blueprint draft', middleware: [requires('design')], request: jsonBody(DraftBody), responses: { 201: jsonResponse(Draft, 'Created'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { document } = c.req.valid('json');
      const id = typeof document.id === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(document.id) ? document.id : undefined;
      if (!id) throw new ApiError(400, 'TP_VALIDATION', 'the document needs an "id" (a letter, then letters, digits, "_", "." or "-")', [{ path: 'document.id', message: 'missing or not an id' }]);
      const name = typeof document.name === 'string' ? document.name : id;
      const inserted = await db.insertInto('blueprints').values({ tenant_id: tenantId, id, name, draft: document }).onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing()).executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) throw new ApiError(409, 'TP_CONFLICT', `blueprint "${id}" already exists; update its draft with PUT`);
      return c.json(asDraft(await draftOf(tenantId, id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/blueprints/{id}', tags: ['blueprints'], summary: 'A blueprint\'s draft', request: { params: IdParam }, responses: { 200: jsonResponse(Draft, 'The draft'), ...problemResponses } }),
    async (c) => c.json(asDraft(await draftOf(c.get('auth').tenantId, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({ method: 'put', path: '/blueprints/{id}', tags: ['blueprints'], summary: 'Replace a blueprint\'s draft', middleware: [requires('design')], request: { params: IdParam, ...jsonBody(DraftBody) }, responses: { 200: jsonResponse(Draft, 'Saved'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      const { document } = c.req.valid('json');
      if (document.id !== undefined && document.id !== id) throw new ApiError(400, 'TP_VALIDATION', `the document's id "${String(document.id)}" is not "${id}"`, [{ path: 'document.id', message: 'must match the URL' }]);
      await draftOf(tenantId, id);
      await db.updateTable('blueprints').set({ draft: { ...document, id }, updated_at: new Date(), ...(typeof document.name === 'string' && { name: document.name }) }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
      return c.json(asDraft(await draftOf(tenantId, id)), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/blueprints/{id}/validate', tags: ['blueprints'], summary: 'Validate the draft: every problem with its path', request: { params: IdParam }, responses: { 200: jsonResponse(Validation, 'The result'), ...problemResponses } }),
    async (c) => {
      const row = await draftOf(c.get('auth').tenantId, c.req.valid('param').id);
      const { ok, problems } = validateBlueprint(row.draft, plugins ? { plugins: plugins.manifests.map(describePlugin) } : {});
      return c.json({ ok, problems }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/blueprints/{id}/publish', tags: ['blueprints'], summary: 'Publish the draft as an immutable version', middleware: [requires('design')], request: { params: IdParam }, responses: { 201: jsonResponse(Version.extend({ created: z.boolean() }), 'Published (or the identical existing version)'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const row = await draftOf(tenantId, c.req.valid('param').id);
      const version = await publishBlueprint(db, { tenantId, document: row.draft, ...(plugins && { plugins: plugins.manifests.map(describePlugin) }) });
      const published = await db.selectFrom('blueprint_versions').select('published_at').where('tenant_id', '=', tenantId).where('id', '=', version.id).executeTakeFirstOrThrow();
      return c.json({ ...version, publishedAt: published.published_at.toISOString() }, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/blueprints/{id}/versions', tags: ['blueprints'], summary: 'Published versions, newest first', request: { params: IdParam }, responses: { 200: jsonResponse(z.object({ items: z.array(Version) }), 'Versions'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      await draftOf(tenantId, id);
      const rows = await db.selectFrom('blueprint_versions').select(['id', 'blueprint_id', 'version', 'content_hash', 'published_at']).where('tenant_id', '=', tenantId).where('blueprint_id', '=', id).orderBy('version', 'desc').execute();
      return c.json({ items: rows.map((r) => ({ id: r.id, blueprintId: r.blueprint_id, version: r.version, contentHash: r.content_hash, publishedAt: r.published_at.toISOString() })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/blueprints/{id}/diff',
      tags: ['blueprints'],
      summary: 'Diff two versions, or a version against the draft',
      request: { params: IdParam, query: z.object({ from: z.coerce.number().int().min(1), to: z.union([z.coerce.number().int().min(1), z.literal('draft')]).default('draft') }) },
      responses: { 200: jsonResponse(z.object({ nodes: Json, edges: Json, same: z.boolean() }), 'What changed'), ...problemResponses },
    }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      const draft = await draftOf(tenantId, id);
      const version = async (n: number) => {
        const row = await db.selectFrom('blueprint_versions').select('document').where('tenant_id', '=', tenantId).where('blueprint_id', '=', id).where('version', '=', n).executeTakeFirst();
        if (!row) throw notFound(`version ${n} of blueprint "${id}"`);
        return row.document;
      };
      const before = await version(from);
      const after = to === 'draft' ? draft.draft : await version(to);
      const lists = (doc: Record<string, unknown>) => ({ nodes: Array.isArray(doc.nodes) ? doc.nodes : [], edges: Array.isArray(doc.edges) ? doc.edges : [] });
      return c.json(diffBlueprints(lists(before) as never, lists(after) as never), 200);
    },
  );

  return app;
}
