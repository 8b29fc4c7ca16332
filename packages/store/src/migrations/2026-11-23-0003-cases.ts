import { sql, type Kysely } from 'kysely';

// Frozen in time: change the schema with a new migration, never by editing this one.
// Everything here belongs to running cases; rows that hang off a case go when the case goes.

const now = sql`now()`;
const emptyObject = sql`'{}'::jsonb`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('blueprint_version_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parked_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('closed_at', 'timestamptz')
    .addPrimaryKeyConstraint('cases_pkey', ['tenant_id', 'id'])
    .addCheckConstraint('cases_status_check', sql`status in ('running', 'waiting', 'parked', 'completed', 'cancelled')`)
    .addForeignKeyConstraint('cases_deployment_fk', ['tenant_id', 'deployment_id'], 'deployments', ['tenant_id', 'id'])
    .addForeignKeyConstraint('cases_version_fk', ['tenant_id', 'blueprint_version_id'], 'blueprint_versions', ['tenant_id', 'id'])
    .addForeignKeyConstraint('cases_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('cases_status_idx').on('cases').columns(['tenant_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('cases_customer_idx').on('cases').columns(['tenant_id', 'customer_id']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('case_events_pkey', ['tenant_id', 'case_id', 'seq'])
    .addForeignKeyConstraint('case_events_case_fk', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // KPIs read events of one type over a time window.
  await db.schema.createIndex('case_events_kpi_idx').on('case_events').columns(['tenant_id', 'type', 'at']).execute();
  await sql`
    create trigger case_events_immutable before update on case_events
    for each row execute function touchpoint_refuse_update()`.execute(db);

  await db.schema
    .createTable('due_work')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull().generatedByDefaultAsIdentity())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('dedupe_key', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('due_work_pkey', ['tenant_id', 'id'])
    .addUniqueConstraint('due_work_dedupe_key_unique', ['tenant_id', 'dedupe_key'])
    .addCheckConstraint('due_work_kind_check', sql`kind in ('timer', 'event', 'effect')`)
    .addForeignKeyConstraint('due_work_case_fk', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // Workers claim across all tenants: where due_at <= now ... order by due_at limit n
  // for update skip locked. Finished work is deleted, so this index stays small.
  await db.schema.createIndex('due_work_due_idx').on('due_work').column('due_at').execute();
  // A case that moves on or closes drops its pending timers.
  await db.schema.createIndex('due_work_case_idx').on('due_work').columns(['tenant_id', 'case_id']).execute();

  await db.schema
    .createTable('effects')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('visit', 'integer', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('plugin', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('output', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('effects_pkey', ['tenant_id', 'id'])
    .addUniqueConstraint('effects_idempotency_key_unique', ['tenant_id', 'idempotency_key'])
    .addCheckConstraint('effects_status_check', sql`status in ('pending', 'running', 'succeeded', 'failed', 'dead')`)
    .addForeignKeyConstraint('effects_case_fk', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('effects_case_idx').on('effects').columns(['tenant_id', 'case_id']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('visit', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('assignee', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('form', 'jsonb')
    .addColumn('data', 'jsonb')
    .addColumn('due_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addPrimaryKeyConstraint('tasks_pkey', ['tenant_id', 'id'])
    .addCheckConstraint('tasks_status_check', sql`status in ('open', 'claimed', 'completed', 'cancelled')`)
    .addForeignKeyConstraint('tasks_case_fk', ['tenant_id', 'case_id'], 'cases', ['tenant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // The inbox: open tasks of a queue.
  await db.schema.createIndex('tasks_inbox_idx').on('tasks').columns(['tenant_id', 'queue', 'status']).execute();
  await db.schema.createIndex('tasks_case_idx').on('tasks').columns(['tenant_id', 'case_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tasks', 'effects', 'due_work', 'case_events', 'cases']) {
    await db.schema.dropTable(table).execute();
  }
}
