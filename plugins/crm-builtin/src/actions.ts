import { defineAction, isPluginError, PluginError } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { apiUrl, authHeaders, CrmBuiltinConnection } from './connection.ts';

const CustomerId = z.string().min(1).max(200).regex(/^[^/]+$/, 'must not contain "/"');

/** A customer as Touchpoint's API returns it (GET /api/v1/customers/{id}). */
export const Customer = z.object({
  id: z.string(),
  externalRef: z.string().nullable(),
  name: z.string().nullable(),
  locale: z.string().nullable(),
  segment: z.string().nullable(),
  tags: z.array(z.string()),
  data: z.json(),
});
export type Customer = z.output<typeof Customer>;

export const FindCustomerInput = z.object({ id: CustomerId.describe("The customer's id in Touchpoint") });
export const FindCustomerOutput = z.object({
  found: z.boolean(),
  customer: Customer.optional().describe('Present when found'),
});

/** GET /api/v1/customers/{id}; a 404 is an answer (`found: false`), not a failure. */
export const findCustomer = defineAction({
  connection: CrmBuiltinConnection,
  input: FindCustomerInput,
  output: FindCustomerOutput,
  editor: {
    label: { 'zh-CN': '查找客户', en: 'Find a customer' },
    description: { 'zh-CN': '按编号在 Touchpoint 客户库中查找客户，返回其分群、标签和资料。', en: "Looks a customer up by id in Touchpoint's customer base: segment, tags and data." },
  },
  async run(ctx, input) {
    let reply: unknown;
    try {
      reply = await ctx.http.get(apiUrl(ctx.connection, `customers/${encodeURIComponent(input.id)}`), { headers: authHeaders(ctx.connection) });
    } catch (error) {
      if (isPluginError(error, 'TP_PLUGIN_HTTP') && error.status === 404) return { found: false };
      throw error;
    }
    // The API adds `products`; the output keeps the customer record only.
    return { found: true, customer: Customer.parse(reply) };
  },
});

export const CreateCustomerInput = z.object({
  id: CustomerId.optional().describe('Leave out to let Touchpoint choose one'),
  name: z.string().max(200).optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
  segment: z.string().max(64).optional(),
  tags: z.array(z.string().max(64)).max(50).optional(),
  data: z.record(z.string(), z.json()).optional().describe('Free data; `addresses` per channel plugin is read by cases'),
});
export const CreateCustomerOutput = z.object({ id: z.string() });

/** Marks the detail of the conflict error, so a blueprint or a test can tell it from other failures. */
export const CUSTOMER_EXISTS = 'TP_CRM_CUSTOMER_EXISTS';

/** POST /api/v1/customers; a 409 (the id is taken) fails permanently with status 409. */
export const createCustomer = defineAction({
  connection: CrmBuiltinConnection,
  input: CreateCustomerInput,
  output: CreateCustomerOutput,
  editor: {
    label: { 'zh-CN': '新建客户', en: 'Create a customer' },
    description: { 'zh-CN': '在 Touchpoint 客户库中新建客户，可带分群、标签和资料。', en: "Adds a customer to Touchpoint's customer base, with segment, tags and data." },
  },
  async run(ctx, input) {
    let reply: unknown;
    try {
      reply = await ctx.http.post(apiUrl(ctx.connection, 'customers'), input, { headers: authHeaders(ctx.connection) });
    } catch (error) {
      if (isPluginError(error, 'TP_PLUGIN_HTTP') && error.status === 409) {
        throw new PluginError({
          code: 'TP_PLUGIN_FAILED',
          detail: `${CUSTOMER_EXISTS}: a customer ${input.id === undefined ? 'with this id' : `"${input.id}"`} already exists`,
          status: 409,
          permanent: true,
          cause: error,
        });
      }
      throw error;
    }
    return { id: z.object({ id: z.string() }).parse(reply).id };
  },
});
