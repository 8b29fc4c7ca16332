import { readFileSync } from 'node:fs';
import { checkConnection, loadPlugin, redactConnection } from '@touchpoint/plugin-sdk';
import { describe, expect, it } from 'vitest';
import stripe, { PaymentLinkInput } from '../src/index.ts';

describe('payment-stripe manifest', () => {
  it('installs, with both keys secret and the editor labelled in both locales', () => {
    const { manifest } = loadPlugin(stripe);
    expect(manifest).toMatchObject({ id: 'payment-stripe', kind: 'payment', editor: { icon: 'credit-card', label: { 'zh-CN': expect.any(String), en: expect.any(String) } } });
    expect(manifest.connection.properties).toMatchObject({
      secretKey: { 'x-touchpoint-secret': true, writeOnly: true },
      webhookSecret: { 'x-touchpoint-secret': true, writeOnly: true },
      toleranceSeconds: { default: 300 },
    });
    expect(Object.keys(manifest.actions)).toEqual(['createPaymentLink', 'createPaymentIntent', 'refund']);
    for (const action of Object.values(manifest.actions)) expect(action.editor?.label).toMatchObject({ 'zh-CN': expect.any(String), en: expect.any(String) });
    expect(manifest.actions.createPaymentLink!.output).toMatchObject({ required: ['id', 'url'] });
  });

  it('checks connections with the JSON Schema the server uses', () => {
    const good = { secretKey: 'sk_test_abc123', webhookSecret: 'whsec_abc123' };
    expect(checkConnection(stripe, good)).toEqual([]);
    expect(checkConnection(stripe, { ...good, secretKey: 'pk_test_abc123' }).map((problem) => problem.path)).toEqual(['secretKey']);
    expect(redactConnection(stripe, good)).toMatchObject({ secretKey: '[redacted]', webhookSecret: '[redacted]' });
  });

  it("takes the input the worry-free rebooking template gives it, and gives the url its message uses", () => {
    const blueprint = JSON.parse(readFileSync(new URL('../../../templates/worry-free-rebooking/blueprint.json', import.meta.url), 'utf8')) as {
      nodes: { id: string; plugin?: string; action?: string; input?: Record<string, unknown>; output?: string }[];
      templates: { id: string; text: Record<string, string> }[];
    };
    const node = blueprint.nodes.find((candidate) => candidate.plugin === 'payment-stripe')!;
    expect(node).toMatchObject({ action: 'createPaymentLink', output: 'payment' });
    // case.amountDue comes from the agent's form: a number >= 0 in CNY; > 0 on this branch.
    const input = { ...node.input, amount: 86.5 };
    expect(PaymentLinkInput.safeParse(input).success).toBe(true);
    const message = blueprint.templates.find((template) => template.id === 'payment-link')!;
    expect(message.text.en).toContain(`{{case.${node.output}.url}}`);
    expect(Object.keys(loadPlugin(stripe).manifest.actions.createPaymentLink!.output.properties as object)).toContain('url');
  });
});
