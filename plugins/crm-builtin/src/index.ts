import { definePlugin } from '@touchpoint/plugin-sdk';
import { createCustomer, findCustomer } from './actions.ts';
import { CrmBuiltinConnection } from './connection.ts';

export { CrmBuiltinConnection } from './connection.ts';
export { CreateCustomerInput, CreateCustomerOutput, Customer, CUSTOMER_EXISTS, FindCustomerInput, FindCustomerOutput } from './actions.ts';

/**
 * Touchpoint's own customer base as a CRM: customers, their segment and tags, through Touchpoint's
 * HTTP API with a tenant API token. No tag or segment updates: the API has no endpoint for them yet.
 */
export default definePlugin({
  id: 'crm-builtin',
  version: '1.0.0',
  kind: 'crm',
  connection: CrmBuiltinConnection,
  actions: { findCustomer, createCustomer },
  editor: {
    icon: 'users',
    label: { 'zh-CN': '内置客户库', en: 'Built-in CRM' },
    description: {
      'zh-CN': '使用 Touchpoint 自带的客户库（客户、分群、标签），无需外部 CRM。',
      en: "Use Touchpoint's own customer base (customers, segments, tags); no external CRM needed.",
    },
  },
});
