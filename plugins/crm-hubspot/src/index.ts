import { definePlugin } from '@touchpoint/plugin-sdk';
import { HubSpotConnection } from './connection.ts';
import { findContact, updateContact, upsertContact } from './contacts.ts';

export { HubSpotConnection } from './connection.ts';
export { DEFAULT_PROPERTIES } from './contacts.ts';
export { hubspot, rateLimitWait, MAX_RATE_LIMIT_WAIT_MS, MAX_TOTAL_WAIT_MS, RATE_LIMIT_RETRIES } from './client.ts';

/** HubSpot CRM contacts (v3 API): find, create or update, with rate limits waited out. */
export default definePlugin({
  id: 'crm-hubspot',
  version: '1.0.0',
  kind: 'crm',
  connection: HubSpotConnection,
  actions: { findContact, upsertContact, updateContact },
  editor: {
    icon: 'hubspot',
    label: { 'zh-CN': 'HubSpot 客户管理', en: 'HubSpot CRM' },
    description: {
      'zh-CN': '在 HubSpot 中查找、创建和更新联系人，让服务记录与客户资料保持同步。',
      en: 'Find, create and update HubSpot contacts, so service and customer records stay in step.',
    },
  },
});
