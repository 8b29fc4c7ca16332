import { sql, type Kysely } from 'kysely';

// Frozen in time: this file must keep creating exactly what it created when it shipped.
// Change the schema with a new migration, never by editing this one.

const now = sql`now()`;
const emptyObject = sql`'{}'::jsonb`;

export async function up(db: Kysely<any>): Promise<void> {
  // Rows that record history (published versions, case events) are never updated; this trigger
  // function makes PostgreSQL enforce that instead of trusting every caller.
  await sql`
    create function touchpoint_refuse_update() returns trigger language plpgsql as $$
    begin
      raise exception 'TP_STORE_IMMUTABLE_ROW: rows of % are never updated; insert a new row instead', tg_table_name;
    end
    $$`.execute(db);

  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('tenants_pkey', ['id'])
    .execute();

  await db.schema
    .createTable('blueprints')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('draft', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('blueprints_pkey', ['tenant_id', 'id'])
    .addForeignKeyConstraint('blueprints_tenant_fk', ['tenant_id'], 'tenants', ['id'])
    .execute();

  await db.schema
    .createTable('blueprint_versions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('blueprint_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('blueprint_versions_pkey', ['tenant_id', 'id'])
    .addUniqueConstraint('blueprint_versions_version_unique', ['tenant_id', 'blueprint_id', 'version'])
    .addUniqueConstraint('blueprint_versions_content_hash_unique', ['tenant_id', 'content_hash'])
    .addForeignKeyConstraint('blueprint_versions_blueprint_fk', ['tenant_id', 'blueprint_id'], 'blueprints', ['tenant_id', 'id'])
    .execute();
  await sql`
    create trigger blueprint_versions_immutable before update on blueprint_versions
    for each row execute function touchpoint_refuse_update()`.execute(db);

  await db.schema
    .createTable('deployments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('blueprint_version_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('deployments_pkey', ['tenant_id', 'id'])
    .addForeignKeyConstraint('deployments_version_fk', ['tenant_id', 'blueprint_version_id'], 'blueprint_versions', ['tenant_id', 'id'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addPrimaryKeyConstraint('api_tokens_pkey', ['tenant_id', 'id'])
    // Looked up by hash alone, before the tenant is known.
    .addUniqueConstraint('api_tokens_token_hash_unique', ['token_hash'])
    .addCheckConstraint('api_tokens_role_check', sql`role in ('admin', 'designer', 'agent', 'supervisor', 'viewer')`)
    .addForeignKeyConstraint('api_tokens_tenant_fk', ['tenant_id'], 'tenants', ['id'])
    .execute();

  await db.schema
    .createTable('plugin_connections')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('plugin_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('secrets_encrypted', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('plugin_connections_pkey', ['tenant_id', 'id'])
    .addUniqueConstraint('plugin_connections_name_unique', ['tenant_id', 'plugin_id', 'name'])
    .addForeignKeyConstraint('plugin_connections_tenant_fk', ['tenant_id'], 'tenants', ['id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['plugin_connections', 'api_tokens', 'deployments', 'blueprint_versions', 'blueprints', 'tenants']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function touchpoint_refuse_update()`.execute(db);
}
