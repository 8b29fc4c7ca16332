import { z } from 'zod';
import { toMinorUnits } from './amount.ts';

export const Currency = z.string().regex(/^[A-Za-z]{3}$/, 'a three-letter ISO 4217 code, e.g. CNY').describe('ISO 4217 currency code, e.g. CNY, USD, JPY.');

export const Amount = z.number().positive().describe('In major units (12.5 is ¥12.50); sent to Stripe in the smallest unit.');

/** Refuses an amount the currency cannot carry exactly (12.345 CNY), where the input is checked. */
export function exactAmount(value: { amount?: number | undefined; currency?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.amount === undefined || value.currency === undefined) return;
  const minor = toMinorUnits(value.amount, value.currency);
  if (!minor.ok) ctx.addIssue({ code: 'custom', path: ['amount'], message: minor.reason });
}

/** The minor amount of an input that passed `exactAmount`. */
export function minorOf(amount: number, currency: string): number {
  const minor = toMinorUnits(amount, currency);
  if (!minor.ok) throw new Error(minor.reason);
  return minor.minor;
}
