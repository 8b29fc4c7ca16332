import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBlueprint } from '@touchpoint/blueprint';
import { deployVersion, publishBlueprint } from '@touchpoint/runtime';
import { createToken } from '@touchpoint/server';
import type { Database } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import type { Output } from './output.ts';
import { bundledTemplates, templateBlueprintPath } from './templates.ts';

export const DEMO_TENANT = 'demo';

/** Publishes a bundled template for a tenant and deploys it (creating the tenant if needed). */
export async function deployTemplate(db: Kysely<Database>, input: { template: string; tenantId: string; output: Output }): Promise<{ deploymentId: string; version: number }> {
  const path = templateBlueprintPath(input.template);
  if (!existsSync(path)) throw new Error(`no bundled template "${input.template}" (have: ${bundledTemplates().join(', ')})`);
  const document = JSON.parse(readFileSync(path, 'utf8'));
  const check = validateBlueprint(document);
  if (!check.ok) throw new Error(`template "${input.template}" is invalid: ${check.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  await db.insertInto('tenants').values({ id: input.tenantId, name: input.tenantId }).onConflict((oc) => oc.doNothing()).execute();
  input.output.out(`  publishing ${input.template}…`);
  const version = await publishBlueprint(db, { tenantId: input.tenantId, document });
  const existing = await db.selectFrom('deployments').select('id').where('tenant_id', '=', input.tenantId).where('blueprint_version_id', '=', version.id).where('active', '=', true).executeTakeFirst();
  if (existing) {
    input.output.out(`  ${input.template} v${version.version} is already deployed (${existing.id}).`);
    return { deploymentId: existing.id, version: version.version };
  }
  const { id } = await deployVersion(db, { tenantId: input.tenantId, versionId: version.id, name: input.template });
  input.output.out(`  deployed ${input.template} v${version.version} for tenant "${input.tenantId}" (deployment ${id}).`);
  return { deploymentId: id, version: version.version };
}

/**
 * First run: a demo tenant with worry-free rebooking deployed and an admin token. The token is
 * kept in the data folder (readable by its owner only) so that later starts can print it again.
 */
export async function ensureDemo(db: Kysely<Database>, dataDir: string, output: Output): Promise<{ token: string; firstRun: boolean }> {
  const tokenFile = join(dataDir, 'admin-token');
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', DEMO_TENANT).executeTakeFirst();
  if (tenant && existsSync(tokenFile)) return { token: readFileSync(tokenFile, 'utf8').trim(), firstRun: false };
  output.out('First run: setting up the demo tenant…');
  await deployTemplate(db, { template: 'worry-free-rebooking', tenantId: DEMO_TENANT, output });
  const { token } = await createToken(db, { tenantId: DEMO_TENANT, name: 'first admin', role: 'admin' });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  return { token, firstRun: true };
}
