import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineAction, definePlugin, loadPlugin, PluginError, runAction, secretFields, toJsonSchema, type ActionContext } from '../src/index.ts';
import { sms, stripe } from './fixtures.ts';

function refusal(plugin: unknown): PluginError {
  try {
    loadPlugin(plugin);
  } catch (error) {
    expect(error).toBeInstanceOf(PluginError);
    return error as PluginError;
  }
  throw new Error('the plugin was accepted');
}

describe('manifests', () => {
  it('are generated from the zod schemas as JSON Schema 2020-12', () => {
    const { manifest } = loadPlugin(sms);
    expect(manifest).toMatchObject({ id: 'channel-sms', version: '1.2.0', kind: 'channel', editor: { icon: 'message', label: { en: 'SMS' } } });
    expect(manifest.connection).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        apiKey: { type: 'string', minLength: 8, 'x-touchpoint-secret': true, writeOnly: true },
        signingSecret: { type: 'string', minLength: 8, 'x-touchpoint-secret': true, writeOnly: true },
        sender: { type: 'string', default: 'Touchpoint' },
      },
      // io 'input': a field with a default is not required from whoever fills the form.
      required: ['apiKey', 'signingSecret'],
    });
    expect(secretFields(manifest.connection)).toEqual(['apiKey', 'signingSecret']);
    expect(manifest.actions.send!.input).toMatchObject({ type: 'object', required: ['text', 'locale', 'template'] });
    expect(manifest.actions.send!.input.properties).toMatchObject({ locale: { enum: ['zh-CN', 'en'] } });
    expect(manifest.actions.send!.output).toMatchObject({ type: 'object', required: ['messageId', 'segments'], additionalProperties: false });
    expect(manifest.actions.send!.editor).toEqual({ label: { 'zh-CN': '发送短信', en: 'Send an SMS' } });
    expect(manifest.triggers.inbound!.event).toMatchObject({ type: 'object', required: ['text', 'from'] });
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
    expect(Object.isFrozen(manifest.actions.send!.input)).toBe(true);
  });

  it('type run() from the schemas', () => {
    const action = defineAction({
      connection: z.object({ apiKey: z.string() }),
      input: z.object({ amount: z.number(), note: z.string().default('') }),
      output: z.object({ id: z.string() }),
      run: (ctx, input) => {
        expectTypeOf(ctx).toEqualTypeOf<ActionContext<{ apiKey: string }>>();
        expectTypeOf(input).toEqualTypeOf<{ amount: number; note: string }>();
        return { id: String(input.amount) };
      },
    });
    expectTypeOf(action.run).returns.toEqualTypeOf<{ id: string } | Promise<{ id: string }>>();
    // Never called: only the types are checked.
    const typed = () => runAction(stripe, 'createPaymentLink', { amount: 1, currency: 'CNY' });
    expectTypeOf(typed).returns.resolves.toEqualTypeOf<{ url: string; expiresAt: string }>();
    // @ts-expect-error: the harness knows the action names.
    const unknown = () => runAction(stripe, 'refund', {});
    expectTypeOf(unknown).toBeFunction();
  });

  it('are cached per plugin object', () => {
    expect(loadPlugin(sms)).toBe(loadPlugin(sms));
    expect(loadPlugin({ default: sms })).toBe(loadPlugin(sms));
    expect(loadPlugin(loadPlugin(sms))).toBe(loadPlugin(sms));
  });
});

describe('install-time checks', () => {
  const base = {
    id: 'crm-acme',
    version: '1.0.0',
    kind: 'crm' as const,
    actions: { update: { input: { type: 'object' }, output: { type: 'object' }, run: () => ({}) } },
    editor: { label: { 'zh-CN': '客户管理', en: 'CRM' } },
  };

  it('accept a well-formed plain-object plugin', () => {
    expect(loadPlugin(base).manifest.actions.update).toEqual({ input: { type: 'object' }, output: { type: 'object' } });
  });

  it('refuse bad ids, versions, kinds, action names and editor texts, all at once', () => {
    const error = refusal({ ...base, id: 'CRM Acme', version: '1.0', kind: 'erp', actions: { 'bad name': base.actions.update }, editor: { label: { en: 'CRM' } } });
    expect(error.code).toBe('TP_PLUGIN_MANIFEST_INVALID');
    expect(error.problems.map((problem) => problem.path)).toEqual(['id', 'version', 'kind', 'actions.bad name', 'editor.label.zh-CN']);
    expect(error.message).toContain('a plugin id is a lowercase slug');
    expect(error.message).toContain('a version is semver');
  });

  it('refuse a JSON Schema that does not compile, saying where and why', () => {
    const broken = { ...base, actions: { update: { ...base.actions.update, input: { type: 'object', properties: { name: { type: 'strin' } } } } } };
    const error = refusal(broken);
    expect(error.plugin).toBe('crm-acme');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.path).toBe('actions.update.input');
    expect(error.message).toMatch(/^TP_PLUGIN_MANIFEST_INVALID: crm-acme: cannot be installed: actions\.update\.input: is not a valid JSON Schema: .*type/);
  });

  it('refuse typos in hand-written schemas (ajv strict mode) but allow x- keywords', () => {
    const typo = { ...base, actions: { update: { ...base.actions.update, input: { type: 'object', requried: ['name'] } } } };
    expect(refusal(typo).message).toContain('unknown keyword: "requried"');
    const vendor = { ...base, actions: { update: { ...base.actions.update, input: { type: 'object', 'x-acme-widget': 'picker' } } } };
    expect(loadPlugin(vendor).manifest.actions.update!.input['x-acme-widget']).toBe('picker');
  });

  it('refuse other JSON Schema drafts, non-object inputs and connections', () => {
    const draft7 = { ...base, connection: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' } };
    expect(refusal(draft7).message).toContain('plugin schemas are JSON Schema draft 2020-12');
    const scalar = { ...base, connection: { type: 'string' }, actions: { update: { ...base.actions.update, input: { type: 'string' } } } };
    expect(refusal(scalar).problems.map((problem) => problem.path)).toEqual(['connection', 'actions.update.input']);
  });

  it('accept what zod emits for unions with defaults', async () => {
    const Item = z.union([z.object({ kind: z.literal('sku'), quantity: z.number().default(1) }), z.object({ kind: z.literal('note') })]);
    const js = { ...base, id: 'js-defaults', actions: { update: { ...base.actions.update, input: { ...toJsonSchema(z.object({ item: Item }), 'input') }, run: (_ctx: unknown, input: unknown) => input } } };
    expect(() => loadPlugin(js)).not.toThrow();
    // ajv fills in defaults outside anyOf/oneOf only; zod plugins are parsed by zod, which fills in all.
    expect(await runAction(js, 'update', { item: { kind: 'sku' } })).toEqual({ item: { kind: 'sku' } });
    const zodPlugin = definePlugin({ ...base, id: 'zod-defaults', actions: { update: defineAction({ input: z.object({ item: Item }), output: z.object({ item: Item }), run: (_ctx, input) => input }) } });
    expect(await runAction(zodPlugin, 'update', { item: { kind: 'sku' } })).toEqual({ item: { kind: 'sku', quantity: 1 } });
  });

  it('accept two plugins that reuse a $id', () => {
    const shared = { $id: 'https://acme.example/schemas/order', type: 'object' };
    expect(() => [1, 2].map((n) => loadPlugin({ ...base, id: `crm-${n}`, actions: { update: { ...base.actions.update, input: structuredClone(shared) } } }))).not.toThrow();
  });

  it('refuse zod schemas that JSON Schema cannot express', () => {
    const dated = definePlugin({
      ...stripe,
      id: 'dated',
      actions: { when: defineAction({ input: z.object({}), output: z.object({ at: z.date() }), run: () => ({ at: new Date() }) }) },
    });
    expect(refusal(dated).message).toContain('actions.when.output: cannot be represented as JSON Schema: Date cannot be represented in JSON Schema');
  });

  it('refuse actions typed against another connection', () => {
    const other = z.object({ key: z.string() });
    const mixed = definePlugin({ ...stripe, id: 'mixed', actions: { go: defineAction({ connection: other, input: z.object({}), output: z.object({}), run: () => ({}) }) } });
    expect(refusal(mixed).problems).toEqual([{ path: 'actions.go.connection', message: "is not the plugin's connection schema" }]);
  });

  it('refuse a module without a plugin', () => {
    expect(() => loadPlugin({ default: 42 })).toThrow('TP_PLUGIN_MANIFEST_INVALID: a plugin module must export a plugin object');
    expect(refusal({ ...base, actions: { update: { input: {}, output: {} } } }).problems).toEqual([{ path: 'actions.update.run', message: 'expected a function' }]);
  });
});
