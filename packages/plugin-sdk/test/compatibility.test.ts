import { readFile } from 'node:fs/promises';
import { validateBlueprint } from '@touchpoint/blueprint';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkCompatibility, defineAction, definePlugin, describePlugin, loadPlugin } from '../src/index.ts';
import { exampleJs } from './example-js.ts';
import { sms, stripe } from './fixtures.ts';

const template = async (): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(new URL('../../../templates/worry-free-rebooking/blueprint.json', import.meta.url), 'utf8'));

const stripeV2 = definePlugin({ ...stripe, version: '2.0.0' });


/** The template also asks the FAQ bot (plugins/kb-faq, not a dependency of the SDK): its descriptor as the validator sees it. */
const faqDescriptor = { id: 'kb-faq', version: '1.0.0', actions: { answer: { input: { type: 'object', required: ['question'], properties: { question: { type: 'string' } } } } } };

describe('describePlugin', () => {
  it('gives the blueprint validator what it needs', () => {
    expect(describePlugin(stripe)).toEqual({
      id: 'payment-stripe',
      version: '1.0.3',
      actions: { createPaymentLink: { input: loadPlugin(stripe).manifest.actions.createPaymentLink!.input, output: loadPlugin(stripe).manifest.actions.createPaymentLink!.output } },
      triggers: { webhook: {} },
    });
    expect(describePlugin(sms).triggers!.inbound!.event).toMatchObject({ type: 'object' });
    expect(describePlugin(exampleJs.manifest)).toEqual(describePlugin(exampleJs));
  });

  it('is accepted by validateBlueprint as context.plugins', async () => {
    const result = validateBlueprint(await template(), { plugins: [...[sms, stripe, exampleJs].map(describePlugin), faqDescriptor] });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('lets the validator check literal action inputs against the generated schemas', async () => {
    const usdOnly = definePlugin({
      ...stripe,
      actions: {
        createPaymentLink: defineAction({ input: z.object({ amount: z.number(), currency: z.literal('USD') }), output: z.object({}), run: () => ({}) }),
      },
    });
    const result = validateBlueprint(await template(), { plugins: [describePlugin(sms), describePlugin(usdOnly), faqDescriptor] });
    expect(result.problems.map((problem) => problem.code)).toEqual(['TP_BLUEPRINT_ACTION_INPUT']);
    expect(result.problems[0]!.path).toMatch(/input\.currency$/);
  });

  it('makes the validator refuse a major version the blueprint was not published with', async () => {
    const result = validateBlueprint(await template(), { plugins: [describePlugin(sms), describePlugin(stripeV2), faqDescriptor] });
    expect(result.problems.map((problem) => problem.code)).toEqual(['TP_BLUEPRINT_PLUGIN_VERSION']);
  });
});

describe('checkCompatibility', () => {
  it('accepts the same major, whatever the minor', () => {
    expect(checkCompatibility({ 'channel-sms': '1', 'payment-stripe': '1' }, [loadPlugin(sms).manifest, loadPlugin(stripe).manifest])).toEqual([]);
  });

  it('names a missing plugin and a major version change', () => {
    expect(checkCompatibility({ 'channel-sms': '1', 'payment-stripe': 1, 'crm-acme': '3' }, [loadPlugin(sms).manifest, loadPlugin(stripeV2).manifest])).toEqual([
      {
        code: 'TP_PLUGIN_VERSION',
        plugin: 'payment-stripe',
        message: 'the blueprint was published with payment-stripe 1.x, but 2.0.0 is installed; a major version change may break it',
      },
      { code: 'TP_PLUGIN_NOT_INSTALLED', plugin: 'crm-acme', message: 'the blueprint uses crm-acme 3.x, which is not installed' },
    ]);
  });
});
