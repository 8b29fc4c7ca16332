import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { Blueprint, durationMs } from '@touchpoint/blueprint';
import type { Row } from '@touchpoint/store';
import { requires } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { ApiError, notFound } from '../problem.ts';
import { IdParam, Json, jsonBody, jsonResponse, problemResponses } from '../schemas.ts';
import { router } from './router.ts';

const NewCustomer = z
  .object({
    id: z.string().min(1).max(200).regex(/^[^/]+$/).optional(),
    externalRef: z.string().max(200).optional(),
    name: z.string().max(200).optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    segment: z.string().max(64).optional(),
    tags: z.array(z.string().max(64)).max(50).optional(),
    data: Json.optional().openapi({ description: 'Free data; `addresses` per channel plugin and `dedicatedAgent` are read by cases.' }),
  })
  .openapi('NewCustomer');
const Customer = z.object({ id: z.string(), externalRef: z.string().nullable(), name: z.string().nullable(), locale: z.string().nullable(), segment: z.string().nullable(), tags: z.array(z.string()), data: Json }).openapi('Customer');
const Product = z.object({ id: z.string(), productId: z.string(), status: z.string(), validFrom: z.string(), validUntil: z.string().nullable(), entitlements: Json }).openapi('CustomerProduct');

const customerOut = (r: Row<'customers'>) => ({ id: r.id, externalRef: r.external_ref, name: r.name, locale: r.locale, segment: r.segment, tags: r.tags, data: r.data });
const productOut = (r: Row<'customer_products'>) => ({ id: r.id, productId: r.product_id, status: r.status, validFrom: r.valid_from.toISOString(), validUntil: r.valid_until?.toISOString() ?? null, entitlements: r.entitlements });

export function customerRoutes({ db, runtime }: ServerDeps) {
  const app = router();
  const find = async (tenantId: string, id: string) => {
    const row = await db.selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`customer "${id}"`);
    return row;
  };

  app.openapi(
    createRoute({ method: 'post', path: '/customers', tags: ['customers'], summary: 'Add a customer', middleware: [requires('customers')], request: jsonBody(NewCustomer), responses: { 201: jsonResponse(Customer, 'Added'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const body = c.req.valid('json');
      const id = body.id ?? randomUUID();
      const inserted = await db
        .insertInto('customers')
        .values({ tenant_id: tenantId, id, external_ref: body.externalRef ?? null, name: body.name ?? null, locale: body.locale ?? null, segment: body.segment ?? null, tags: body.tags ?? [], data: body.data ?? {} })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) throw new ApiError(409, 'TP_CONFLICT', `a customer with this id or external reference already exists`);
      return c.json(customerOut(await find(tenantId, id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/customers/{id}', tags: ['customers'], summary: 'A customer with their service products', request: { params: IdParam }, responses: { 200: jsonResponse(Customer.extend({ products: z.array(Product) }), 'The customer'), ...problemResponses } }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const row = await find(tenantId, c.req.valid('param').id);
      const products = await db.selectFrom('customer_products').selectAll().where('tenant_id', '=', tenantId).where('customer_id', '=', row.id).orderBy('created_at').execute();
      return c.json({ ...customerOut(row), products: products.map(productOut) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/customers/{id}/products',
      tags: ['customers'],
      summary: 'Give a customer a service product (its entitlements come from the deployed blueprint)',
      middleware: [requires('customers')],
      request: { params: IdParam, ...jsonBody(z.object({ productId: z.string().min(1).max(64), validFrom: z.string().datetime({ offset: true }).optional(), source: Json.optional() })) },
      responses: { 201: jsonResponse(Product, 'Added'), ...problemResponses },
    }),
    async (c) => {
      const { tenantId } = c.get('auth');
      const customer = await find(tenantId, c.req.valid('param').id);
      const body = c.req.valid('json');
      const product = await productDefinition(tenantId, body.productId);
      const validFrom = body.validFrom ? new Date(body.validFrom) : runtime.clock.now();
      const id = randomUUID();
      await db
        .insertInto('customer_products')
        .values({
          tenant_id: tenantId,
          id,
          customer_id: customer.id,
          product_id: product.id,
          status: 'active',
          valid_from: validFrom,
          valid_until: product.validity ? new Date(validFrom.getTime() + durationMs(product.validity)) : null,
          entitlements: product.entitlements,
          source: body.source ?? null,
        })
        .execute();
      const row = await db.selectFrom('customer_products').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
      return c.json(productOut(row), 201);
    },
  );

  /** The product as the tenant's live blueprints define it (the newest active deployment wins). */
  async function productDefinition(tenantId: string, productId: string) {
    const documents = await db
      .selectFrom('deployments')
      .innerJoin('blueprint_versions', (j) => j.onRef('blueprint_versions.tenant_id', '=', 'deployments.tenant_id').onRef('blueprint_versions.id', '=', 'deployments.blueprint_version_id'))
      .select('blueprint_versions.document')
      .where('deployments.tenant_id', '=', tenantId)
      .where('deployments.active', '=', true)
      .orderBy('deployments.created_at', 'desc')
      .execute();
    for (const { document } of documents) {
      const product = Blueprint.safeParse(document).data?.products.find((p) => p.id === productId);
      if (product) return product;
    }
    throw new ApiError(422, 'TP_UNKNOWN_PRODUCT', `no deployed blueprint sells a product "${productId}"`, [{ path: 'productId', message: 'unknown product' }]);
  }

  return app;
}
