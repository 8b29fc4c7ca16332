import { describe, expect, it } from 'vitest';
import { decimalsOf, fromMinorUnits, stripeForm, toMinorUnits } from '../src/index.ts';

describe('amounts in the smallest currency unit', () => {
  it('knows zero-, two- and three-decimal currencies, in either case', () => {
    expect([decimalsOf('JPY'), decimalsOf('krw'), decimalsOf('CNY'), decimalsOf('usd'), decimalsOf('KWD')]).toEqual([0, 0, 2, 2, 3]);
  });

  it('converts both ways without float noise', () => {
    expect(toMinorUnits(19.99, 'USD')).toEqual({ ok: true, minor: 1999 });
    expect(toMinorUnits(0.1 + 0.2, 'CNY')).toEqual({ ok: true, minor: 30 });
    expect(toMinorUnits(1_000_000, 'VND')).toEqual({ ok: true, minor: 1_000_000 });
    expect(fromMinorUnits(1999, 'usd')).toBe(19.99);
    expect(fromMinorUnits(5000, 'jpy')).toBe(5000);
    expect(fromMinorUnits(12340, 'kwd')).toBe(12.34);
  });

  it('refuses what would be rounded away', () => {
    expect(toMinorUnits(1.001, 'USD')).toEqual({ ok: false, reason: 'USD has 2 decimal places; 1.001 has more' });
    expect(toMinorUnits(1e20, 'USD')).toEqual({ ok: false, reason: '100000000000000000000 is too large' });
  });
});

describe("Stripe's form encoding", () => {
  it('brackets nested objects and list indexes, and leaves out undefined and null', () => {
    const form = stripeForm({ mode: 'payment', line_items: [{ price_data: { unit_amount: 1250 }, quantity: 1 }], metadata: { caseId: 'c 1&2' }, customer: undefined, note: null, enabled: true });
    expect([...form]).toEqual([
      ['mode', 'payment'],
      ['line_items[0][price_data][unit_amount]', '1250'],
      ['line_items[0][quantity]', '1'],
      ['metadata[caseId]', 'c 1&2'],
      ['enabled', 'true'],
    ]);
    expect(form.toString()).toBe('mode=payment&line_items%5B0%5D%5Bprice_data%5D%5Bunit_amount%5D=1250&line_items%5B0%5D%5Bquantity%5D=1&metadata%5BcaseId%5D=c+1%262&enabled=true');
  });
});
