/**
 * Fills `{{case.orderId}}`-style placeholders from the case. Only dotted paths into plain data are
 * read — no expressions, no functions — and a missing value renders as an empty string, so a
 * message never fails to go out because one field is absent.
 */
export function renderTemplate(text: string, scope: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g, (_, path: string) => {
    let value: unknown = scope;
    for (const key of path.split('.')) {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return '';
      value = (value as Record<string, unknown>)[key];
    }
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return value.toISOString();
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}
