import { sql, type Kysely } from 'kysely';

// Frozen in time: change the schema with a new migration, never by editing this one.

const now = sql`now()`;
const emptyObject = sql`'{}'::jsonb`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('name', 'text')
    .addColumn('locale', 'text')
    .addColumn('segment', 'text')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('customers_pkey', ['tenant_id', 'id'])
    // NULLs are distinct in PostgreSQL, so any number of customers may have no external_ref.
    .addUniqueConstraint('customers_external_ref_unique', ['tenant_id', 'external_ref'])
    .addForeignKeyConstraint('customers_tenant_fk', ['tenant_id'], 'tenants', ['id'])
    .execute();

  await db.schema
    .createTable('customer_products')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz')
    .addColumn('entitlements', 'jsonb', (c) => c.notNull().defaultTo(emptyObject))
    .addColumn('source', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('customer_products_pkey', ['tenant_id', 'id'])
    .addCheckConstraint('customer_products_status_check', sql`status in ('active', 'revoked', 'expired')`)
    .addForeignKeyConstraint('customer_products_customer_fk', ['tenant_id', 'customer_id'], 'customers', ['tenant_id', 'id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .execute();
  // "Which products does this customer hold?" runs for every new case.
  await db.schema
    .createIndex('customer_products_customer_idx')
    .on('customer_products')
    .columns(['tenant_id', 'customer_id', 'status'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('customer_products').execute();
  await db.schema.dropTable('customers').execute();
}
