import type { Report } from './report.ts';
import { valid, type View } from './view.ts';

/** Every message template speaks every locale the blueprint declares, in its text and its subject. */
export function checkTemplateLocales(view: View, report: Report): void {
  const users = new Map<string, string[]>();
  for (const { value: node } of valid(view.nodes)) {
    if (node.kind === 'touchpoint' || node.kind === 'survey') users.set(node.template, [...(users.get(node.template) ?? []), node.id]);
  }
  for (const { index, value: template } of valid(view.templates)) {
    const usedBy = users.get(template.id) ?? [];
    const nodeId = usedBy[0];
    for (const field of ['text', 'subject'] as const) {
      const text = template[field];
      if (text === undefined) continue;
      for (const locale of view.locales) {
        if (text[locale] !== undefined) continue;
        const by = usedBy.length > 0 ? ` (used by ${usedBy.map((id) => `"${id}"`).join(', ')})` : '';
        report.add('TP_BLUEPRINT_TEMPLATE_LOCALE_MISSING', ['templates', index, field, locale], `template "${template.id}"${by} has no ${locale} ${field}, but the blueprint declares ${locale}`, nodeId === undefined ? {} : { nodeId });
      }
    }
  }
}
