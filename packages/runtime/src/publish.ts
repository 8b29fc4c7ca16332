import { randomUUID } from 'node:crypto';
import { validateBlueprint } from '@touchpoint/blueprint';
import type { PluginDescriptor } from '@touchpoint/blueprint';
import type { Database } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import { contentHash } from './content-hash.ts';
import { notFound, RuntimeError } from './errors.ts';

export interface PublishedVersion {
  id: string;
  blueprintId: string;
  version: number;
  contentHash: string;
  /** False when an identical version already existed and was returned instead. */
  created: boolean;
}

/**
 * Publishes a blueprint document as an immutable version, addressed by its content hash. The
 * blueprint row is created on first publish (its id is the document's id). Publishing the same
 * content again returns the existing version.
 */
export async function publishBlueprint(
  db: Kysely<Database>,
  input: { tenantId: string; document: unknown; plugins?: readonly PluginDescriptor[] },
): Promise<PublishedVersion> {
  const document0 = input.plugins ? recordPluginMajors(input.document, input.plugins) : input.document;
  const result = validateBlueprint(document0, input.plugins ? { plugins: input.plugins } : {});
  if (!result.ok || !result.blueprint) {
    throw new RuntimeError('TP_RUNTIME_BLUEPRINT_INVALID', `the blueprint has ${result.problems.length} problem(s)`, result.problems.map((p) => ({ path: p.path, message: p.message })));
  }
  const document = result.blueprint;
  const hash = contentHash(document);
  return db.transaction().execute(async (trx) => {
    const name = typeof document.name === 'string' ? document.name : (document.name.en ?? document.name['zh-CN'] ?? document.id);
    await trx
      .insertInto('blueprints')
      .values({ tenant_id: input.tenantId, id: document.id, name, draft: document })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute();
    // Serialise publishes of one blueprint, so two never take the same version number.
    await trx.selectFrom('blueprints').select('id').where('tenant_id', '=', input.tenantId).where('id', '=', document.id).forUpdate().execute();
    const existing = await trx
      .selectFrom('blueprint_versions')
      .select(['id', 'blueprint_id', 'version'])
      .where('tenant_id', '=', input.tenantId)
      .where('content_hash', '=', hash)
      .executeTakeFirst();
    if (existing) return { id: existing.id, blueprintId: existing.blueprint_id, version: existing.version, contentHash: hash, created: false };
    const last = await trx
      .selectFrom('blueprint_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('tenant_id', '=', input.tenantId)
      .where('blueprint_id', '=', document.id)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    const id = randomUUID();
    await trx
      .insertInto('blueprint_versions')
      .values({ tenant_id: input.tenantId, id, blueprint_id: document.id, version, content_hash: hash, document })
      .execute();
    return { id, blueprintId: document.id, version, contentHash: hash, created: true };
  });
}

/** Makes a published version live under a deployment name. */
export async function deployVersion(
  db: Kysely<Database>,
  input: { tenantId: string; versionId: string; name: string; config?: Record<string, unknown> },
): Promise<{ id: string }> {
  const version = await db.selectFrom('blueprint_versions').select('id').where('tenant_id', '=', input.tenantId).where('id', '=', input.versionId).executeTakeFirst();
  if (!version) throw notFound('blueprint version', input.versionId);
  const id = randomUUID();
  await db
    .insertInto('deployments')
    .values({ tenant_id: input.tenantId, id, blueprint_version_id: input.versionId, name: input.name, active: true, config: input.config ?? {} })
    .execute();
  return { id };
}

/**
 * A published blueprint records the major version of every installed plugin its steps use, so a
 * later incompatible plugin is refused at deploy time. Majors the document already states are kept
 * (and checked by validation).
 */
function recordPluginMajors(document: unknown, plugins: readonly PluginDescriptor[]): unknown {
  if (typeof document !== 'object' || document === null || !Array.isArray((document as { nodes?: unknown }).nodes)) return document;
  const doc = document as { nodes: Array<Record<string, unknown>>; plugins?: Record<string, string> };
  const installed = new Map(plugins.map((plugin) => [plugin.id, plugin.version.split('.')[0]!]));
  const used = new Set(doc.nodes.flatMap((node) => [node.plugin, node.channel].filter((id): id is string => typeof id === 'string')));
  const recorded: Record<string, string> = {};
  for (const id of [...used].sort()) {
    const major = installed.get(id);
    if (major !== undefined) recorded[id] = major;
  }
  return { ...doc, plugins: { ...recorded, ...doc.plugins } };
}
