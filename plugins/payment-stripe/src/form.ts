/** A value Stripe's form encoding can carry: scalars, lists and nested objects. */
export type FormValue = string | number | boolean | null | undefined | readonly FormValue[] | { readonly [key: string]: FormValue };

/**
 * Stripe's form encoding: nested objects and lists as bracketed keys
 * (`metadata[caseId]=c-1`, `line_items[0][quantity]=1`); undefined and null are left out.
 *
 * @example
 * stripeForm({ metadata: { caseId: 'c-1' }, line_items: [{ quantity: 1 }] }).toString()
 * // 'metadata%5BcaseId%5D=c-1&line_items%5B0%5D%5Bquantity%5D=1'
 */
export function stripeForm(params: { readonly [key: string]: FormValue }): URLSearchParams {
  const form = new URLSearchParams();
  const add = (key: string, value: FormValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) value.forEach((item: FormValue, index: number) => add(`${key}[${index}]`, item));
    else if (typeof value === 'object') for (const [name, item] of Object.entries(value)) add(`${key}[${name}]`, item);
    else form.append(key, String(value));
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return form;
}
