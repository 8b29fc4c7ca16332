import { sql, type Kysely } from 'kysely';

// Frozen in time: change the schema with a new migration, never by editing this one.

/**
 * The number of the last entry in a case's event log, kept on the case row the runtime locks
 * anyway: numbering the next entries needs no `max(seq)` over the log (which PostgreSQL may answer
 * from another index, reading every event of the tenant, when its statistics are stale).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`
    update cases set last_seq = log.last_seq
    from (select tenant_id, case_id, max(seq) as last_seq from case_events group by tenant_id, case_id) as log
    where cases.tenant_id = log.tenant_id and cases.id = log.case_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('last_seq').execute();
}
