import { sql, type Kysely } from 'kysely';

// Frozen in time: change the schema with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  // One task per case, node and visit: the runtime creates tasks from the outbox, and a
  // transition replayed after a crash must not create a second one.
  await db.schema
    .createIndex('tasks_step_unique')
    .on('tasks')
    .columns(['tenant_id', 'case_id', 'node_id', 'visit'])
    .unique()
    .execute();

  // What supervisors and queues are told: SLA warnings, breaches, escalations, alerts.
  await db.schema
    .createTable('notifications')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text')
    .addColumn('role', 'text')
    .addColumn('queue', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addPrimaryKeyConstraint('notifications_pkey', ['tenant_id', 'id'])
    .addForeignKeyConstraint('notifications_case_fk', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('notifications_inbox_idx').on('notifications').columns(['tenant_id', 'role', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropIndex('tasks_step_unique').execute();
}
