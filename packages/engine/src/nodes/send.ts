import type { Locale, Node } from '@touchpoint/blueprint';
import type { EngineEvent } from '../events.ts';
import { renderTemplate } from '../render.ts';
import type { Run } from '../run.ts';

/** The locale a message goes out in: the customer's when the blueprint speaks it, else the default. */
export function messageLocale(run: Run): Locale {
  const { locales, defaultLocale } = run.blueprint.doc;
  const wanted = run.state.customer.locale ?? run.state.locale;
  return locales.includes(wanted) ? wanted : (defaultLocale ?? locales[0]!);
}

/** The channel plugin a message goes out on: the case's own channel when the node says so. */
export function channelOf(run: Run, node: { channel: string; replyOnOrigin?: boolean | undefined }): string {
  return node.replyOnOrigin && run.state.channel !== undefined ? run.state.channel : node.channel;
}

/** Emits a `send` effect for a touchpoint or survey and returns its key. */
export function sendMessage(run: Run, node: Node & { channel: string; template: string; replyOnOrigin?: boolean | undefined }, action: string, extra: Record<string, unknown> = {}): string {
  const template = run.blueprint.templates.get(node.template);
  const locale = messageLocale(run);
  const scope = { case: run.state.data, customer: run.state.customer };
  const text = renderTemplate(template?.text[locale] ?? '', scope);
  const subject = template?.subject?.[locale];
  const plugin = channelOf(run, node);
  const to = run.state.customer.addresses?.[plugin];
  const key = run.key('send');
  run.emit({
    type: 'send',
    key,
    nodeId: node.id,
    plugin,
    action,
    locale,
    template: node.template,
    input: { ...extra, text, ...(subject !== undefined && { subject: renderTemplate(subject, scope) }), ...(to !== undefined && { to }) },
  });
  return key;
}

/** Whether an event is the result of the effect the step waits for. */
export function isResultOf(run: Run, event: EngineEvent): event is Extract<EngineEvent, { type: 'effect.succeeded' | 'effect.failed' }> {
  const pending = run.state.position?.pending;
  return (event.type === 'effect.succeeded' || event.type === 'effect.failed') && pending?.kind === 'effect' && pending.key === event.key;
}
