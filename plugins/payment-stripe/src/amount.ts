/** Currencies Stripe charges in whole units (https://docs.stripe.com/currencies#zero-decimal). */
const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
/** Currencies with three decimals; Stripe wants their minor amounts to end in 0. */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** How many decimals Stripe's minor unit has for this currency: 0, 2 or 3. */
export function decimalsOf(currency: string): 0 | 2 | 3 {
  const code = currency.toUpperCase();
  return ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
}

/**
 * An amount in major units (12.5 CNY) as Stripe's integer in the smallest unit (1250), or why it
 * cannot be one: more decimals than the currency has are refused, not rounded away.
 *
 * @example
 * toMinorUnits(19.99, 'CNY') // { ok: true, minor: 1999 }
 * toMinorUnits(500, 'JPY')   // { ok: true, minor: 500 }
 */
export function toMinorUnits(amount: number, currency: string): { ok: true; minor: number } | { ok: false; reason: string } {
  const decimals = decimalsOf(currency);
  const scaled = amount * 10 ** decimals;
  const minor = Math.round(scaled);
  // 19.99 * 100 is 1998.9999999999998: tolerate float noise, not a real third decimal.
  if (Math.abs(scaled - minor) > 1e-6) return { ok: false, reason: `${currency.toUpperCase()} has ${decimals} decimal places; ${amount} has more` };
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `${amount} is too large` };
  if (decimals === 3 && minor % 10 !== 0) return { ok: false, reason: `Stripe charges ${currency.toUpperCase()} in multiples of 0.01; ${amount} is not one` };
  return { ok: true, minor };
}

/** Stripe's integer amount back in major units: 1250 CNY → 12.5. */
export function fromMinorUnits(minor: number, currency: string): number {
  const decimals = decimalsOf(currency);
  return decimals === 0 ? minor : Number((minor / 10 ** decimals).toFixed(decimals));
}
