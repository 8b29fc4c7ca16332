import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PluginDescriptor } from '../src/index.ts';

const templatePath = fileURLToPath(new URL('../../../templates/worry-free-rebooking/blueprint.json', import.meta.url));
const templateText = readFileSync(templatePath, 'utf8');

/** A fresh copy of the worry-free rebooking template, safe to mutate. */
export function rebooking(): Record<string, any> {
  return JSON.parse(templateText);
}

/** The installed plugins the template needs, as the plugin registry will describe them. */
export const plugins: PluginDescriptor[] = [
  {
    id: 'channel-sms',
    version: '1.2.0',
    actions: {
      send: {
        input: { type: 'object', required: ['to', 'text'], properties: { to: { type: 'string' }, text: { type: 'string' } } },
      },
    },
    triggers: { inbound: {} },
  },
  {
    id: 'payment-stripe',
    version: '1.0.3',
    actions: {
      createPaymentLink: {
        input: {
          type: 'object',
          required: ['amount', 'currency'],
          additionalProperties: false,
          properties: {
            amount: { type: 'number', exclusiveMinimum: 0 },
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
            description: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
    triggers: { webhook: {} },
  },
  {
    id: 'kb-faq',
    version: '1.0.0',
    actions: {
      answer: { input: { type: 'object', required: ['question'], properties: { question: { type: 'string', minLength: 1 }, locale: { enum: ['zh-CN', 'en'] } } } },
    },
  },
];

export function nodeIndex(doc: Record<string, any>, id: string): number {
  const index = doc.nodes.findIndex((node: { id: string }) => node.id === id);
  if (index < 0) throw new Error(`no node ${id}`);
  return index;
}

export function edgeIndex(doc: Record<string, any>, id: string): number {
  const index = doc.edges.findIndex((edge: { id: string }) => edge.id === id);
  if (index < 0) throw new Error(`no edge ${id}`);
  return index;
}
