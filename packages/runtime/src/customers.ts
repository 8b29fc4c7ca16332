import type { CaseCustomer } from '@touchpoint/engine';
import type { Database } from '@touchpoint/store';
import type { Transaction } from 'kysely';
import { notFound } from './errors.ts';

/**
 * The customer as a case sees them, with their active service products and what is left of the
 * entitlements across them (counts add up, flags combine).
 */
export async function loadCustomer(trx: Transaction<Database>, tenantId: string, customerId: string, now: Date) {
  const row = await trx.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
  if (!row) throw notFound('customer', customerId);
  const products = await activeProducts(trx, tenantId, customerId, now).select(['product_id', 'entitlements']).execute();
  const entitlements: Record<string, number | boolean> = {};
  for (const { entitlements: granted } of products) {
    for (const [key, value] of Object.entries(granted)) {
      const held = entitlements[key];
      if (typeof value === 'number') entitlements[key] = (typeof held === 'number' ? held : 0) + value;
      else if (typeof value === 'boolean') entitlements[key] = held === true || value;
    }
  }
  const data = row.data as Record<string, unknown>;
  const customer: CaseCustomer = { id: row.id, tags: row.tags, data };
  if (row.name !== null) customer.name = row.name;
  if (row.locale === 'zh-CN' || row.locale === 'en') customer.locale = row.locale;
  if (row.segment !== null) customer.segment = row.segment;
  if (isStringRecord(data.addresses)) customer.addresses = data.addresses;
  if (typeof data.dedicatedAgent === 'string') customer.dedicatedAgent = data.dedicatedAgent;
  return { customer, products: [...new Set(products.map((p) => p.product_id))], entitlements };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

/** The customer's products in force at `now`, oldest first (the order entitlements are used in). */
export function activeProducts(trx: Transaction<Database>, tenantId: string, customerId: string, now: Date) {
  return trx
    .selectFrom('customer_products')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'active')
    .where('valid_from', '<=', now)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .orderBy('created_at');
}
