import { defineAction, PluginError, type PluginContext } from '@touchpoint/plugin-sdk';
import { z } from 'zod';
import { hubspot } from './client.ts';
import { HubSpotConnection } from './connection.ts';

const CONTACTS = '/crm/v3/objects/contacts';
/** Returned by findContact, besides the ones asked for. */
export const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'mobilephone', 'lifecyclestage', 'hs_object_id'] as const;

const PropertyName = z.string().regex(/^[A-Za-z0-9_]{1,100}$/, 'a HubSpot internal property name: letters, digits and _');
/** Values as a blueprint computes them; HubSpot takes strings ("" clears a property). */
const PropertyValues = z.record(PropertyName, z.union([z.string().max(65_536), z.number(), z.boolean(), z.null()]));
const ContactId = z.string().regex(/^\d{1,20}$/, 'a HubSpot record id (digits)');

const SearchReply = z.object({
  total: z.number().optional(),
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).default({}) })),
});
const RecordReply = z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()).optional() });

function asStrings(values: Record<string, string | number | boolean | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined) out[name] = value === null ? '' : String(value);
  return out;
}

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new PluginError({ code: 'TP_PLUGIN_FAILED', detail: `HubSpot ${what} answered an unexpected body: ${result.error.issues[0]?.message ?? ''}` });
  return result.data;
}

type Ctx = PluginContext<z.output<typeof HubSpotConnection>>;

const eq = (propertyName: string, value: string) => ({ filters: [{ propertyName, operator: 'EQ', value }] });

/** Contacts matching the email or the phone (filter groups are ORed). */
async function search(ctx: Ctx, criteria: { email?: string | undefined; phone?: string | undefined }, properties: readonly string[], limit: number) {
  const filterGroups = [
    ...(criteria.email === undefined ? [] : [eq('email', criteria.email)]),
    ...(criteria.phone === undefined ? [] : [eq('phone', criteria.phone), eq('mobilephone', criteria.phone)]),
  ];
  const { body } = await hubspot(ctx, 'POST', `${CONTACTS}/search`, { filterGroups, properties: [...new Set(properties)], limit });
  return parsed(SearchReply, body, `POST ${CONTACTS}/search`).results;
}

export const findContact = defineAction({
  connection: HubSpotConnection,
  input: z
    .object({
      email: z.email().optional(),
      phone: z.string().trim().min(3).max(40).optional(),
      properties: z.array(PropertyName).max(50).optional().describe('Properties to return besides email, names and phone numbers'),
    })
    .refine((input) => input.email !== undefined || input.phone !== undefined, { message: 'give an email or a phone number', path: ['email'] }),
  output: z.object({
    found: z.boolean(),
    id: z.string().optional(),
    properties: z.record(z.string(), z.string().nullable()).optional(),
  }),
  editor: {
    label: { 'zh-CN': '查找联系人', en: 'Find a contact' },
    description: { 'zh-CN': '按邮箱或电话在 HubSpot 中查找联系人（优先邮箱匹配）。', en: 'Looks a contact up in HubSpot by email or phone (an email match wins).' },
  },
  async run(ctx, input) {
    const email = input.email?.toLowerCase();
    const results = await search(ctx, { email, phone: input.phone }, [...DEFAULT_PROPERTIES, ...(input.properties ?? [])], 10);
    const best = results.find((contact) => email !== undefined && contact.properties.email?.toLowerCase() === email) ?? results[0];
    if (best === undefined) return { found: false };
    ctx.logger.info('hubspot contact found', { id: best.id, matches: results.length });
    return { found: true, id: best.id, properties: best.properties };
  },
});

/** "Contact already exists. Existing ID: 151" — HubSpot's 409 when the email is taken. */
function existingId(body: unknown): string | undefined {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? /Existing ID:\s*(\d+)/i.exec(message)?.[1] : undefined;
}

async function update(ctx: Ctx, id: string, properties: Record<string, string>): Promise<string> {
  const { status, body } = await hubspot(ctx, 'PATCH', `${CONTACTS}/${id}`, { properties }, [404]);
  if (status === 404) throw new PluginError({ code: 'TP_PLUGIN_HTTP', status, detail: `HubSpot has no contact with id ${id} (deleted or merged?)` });
  return parsed(RecordReply, body, `PATCH ${CONTACTS}/{id}`).id;
}

export const upsertContact = defineAction({
  connection: HubSpotConnection,
  input: z.object({
    email: z.email(),
    firstname: z.string().max(200).optional(),
    lastname: z.string().max(200).optional(),
    phone: z.string().max(40).optional(),
    properties: PropertyValues.optional().describe('Other properties by internal name; firstname, lastname and phone above win'),
  }),
  output: z.object({ id: z.string(), created: z.boolean() }),
  editor: {
    label: { 'zh-CN': '创建或更新联系人', en: 'Create or update a contact' },
    description: { 'zh-CN': '按邮箱查找联系人：已存在则更新，否则新建。', en: 'Finds the contact by email: updates it if it exists, creates it otherwise.' },
  },
  async run(ctx, input) {
    const email = input.email.toLowerCase();
    const properties = asStrings({ ...input.properties, email, firstname: input.firstname, lastname: input.lastname, phone: input.phone });
    const [existing] = await search(ctx, { email }, ['email'], 1);
    if (existing !== undefined) {
      const id = await update(ctx, existing.id, properties);
      ctx.logger.info('hubspot contact updated', { id });
      return { id, created: false };
    }
    const { status, body } = await hubspot(ctx, 'POST', CONTACTS, { properties }, [409]);
    if (status === 409) {
      // Created since the search looked (search results lag a few seconds behind writes), e.g. by
      // an earlier try of this very step: update it instead.
      const id = existingId(body);
      if (id === undefined) throw new PluginError({ code: 'TP_PLUGIN_HTTP', status, detail: `HubSpot POST ${CONTACTS} answered 409 without the existing contact's id` });
      await update(ctx, id, properties);
      ctx.logger.info('hubspot contact updated after a conflict', { id });
      return { id, created: false };
    }
    const { id } = parsed(RecordReply, body, `POST ${CONTACTS}`);
    ctx.logger.info('hubspot contact created', { id });
    return { id, created: true };
  },
});

export const updateContact = defineAction({
  connection: HubSpotConnection,
  input: z.object({
    id: ContactId,
    properties: PropertyValues.refine((values) => Object.keys(values).length > 0, 'give at least one property'),
  }),
  output: z.object({ id: z.string() }),
  editor: {
    label: { 'zh-CN': '更新联系人', en: 'Update a contact' },
    description: { 'zh-CN': '按 HubSpot 记录 ID 更新联系人属性。', en: 'Updates a contact’s properties by its HubSpot record id.' },
  },
  async run(ctx, input) {
    const id = await update(ctx, input.id, asStrings(input.properties));
    ctx.logger.info('hubspot contact updated', { id });
    return { id };
  },
});
