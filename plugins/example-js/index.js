/**
 * A Touchpoint plugin written in plain JavaScript: no build step, no zod. Schemas are JSON Schema
 * (draft 2020-12); the host checks inputs and outputs against them with ajv, and refuses the
 * plugin at install if one does not compile.
 *
 * It looks orders up in an in-memory table, standing in for an order system's API.
 */

/** @type {Record<string, { status: 'paid' | 'shipped' | 'delivered' | 'refunded', total: number, currency: string }>} */
const ORDERS = {
  'A-1001': { status: 'paid', total: 129, currency: 'CNY' },
  'A-1002': { status: 'shipped', total: 58.5, currency: 'CNY' },
  'A-1003': { status: 'refunded', total: 12, currency: 'USD' },
};

/** @type {import('@touchpoint/plugin-sdk').AnyPlugin} */
const plugin = {
  id: 'example-js',
  version: '1.0.0',
  kind: 'other',
  connection: {
    type: 'object',
    properties: {
      region: { type: 'string', enum: ['cn', 'eu'], default: 'cn', description: 'Where the order system runs.' },
      apiKey: { type: 'string', minLength: 8, writeOnly: true, 'x-touchpoint-secret': true, description: 'Order system API key.' },
    },
    additionalProperties: false,
  },
  actions: {
    lookup: {
      input: {
        type: 'object',
        properties: { orderId: { type: 'string', pattern: '^[A-Z]-\\d{4}$', description: 'An order number such as A-1001.' } },
        required: ['orderId'],
        additionalProperties: false,
      },
      output: {
        type: 'object',
        properties: {
          found: { type: 'boolean' },
          status: { type: 'string', enum: ['paid', 'shipped', 'delivered', 'refunded'] },
          total: { type: 'number', minimum: 0 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        },
        required: ['found'],
        additionalProperties: false,
      },
      editor: {
        label: { 'zh-CN': '查询订单', en: 'Look up an order' },
        description: { 'zh-CN': '按订单号查询状态和金额。', en: 'Finds an order’s status and total by its number.' },
      },
      async run(ctx, input) {
        const order = ORDERS[String(input.orderId)];
        ctx.logger.info('order looked up', { orderId: input.orderId, found: order !== undefined, region: ctx.connection.region });
        return order === undefined ? { found: false } : { found: true, ...order };
      },
    },
  },
  editor: {
    icon: 'search',
    label: { 'zh-CN': '订单查询（示例）', en: 'Order lookup (example)' },
    description: { 'zh-CN': '用纯 JavaScript 和 JSON Schema 编写的示例插件。', en: 'An example plugin in plain JavaScript with JSON Schema.' },
  },
};

export default plugin;
