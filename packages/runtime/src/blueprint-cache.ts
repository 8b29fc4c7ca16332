import { compileBlueprint, type CompiledBlueprint } from '@touchpoint/engine';
import type { Database } from '@touchpoint/store';
import type { Kysely, Transaction } from 'kysely';
import { notFound } from './errors.ts';

/**
 * Compiled blueprint versions by id. Versions are immutable, so an entry never goes stale; the
 * cache is bounded so that a long-running worker serving many tenants does not grow forever.
 */
export class BlueprintCache {
  private readonly entries = new Map<string, CompiledBlueprint>();

  constructor(private readonly capacity = 500) {}

  async get(db: Kysely<Database> | Transaction<Database>, tenantId: string, versionId: string): Promise<CompiledBlueprint> {
    const key = `${tenantId}\u0000${versionId}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh its place: the map's order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const row = await db
      .selectFrom('blueprint_versions')
      .select('document')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!row) throw notFound('blueprint version', versionId);
    const compiled = compileBlueprint(row.document);
    this.entries.set(key, compiled);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return compiled;
  }
}
