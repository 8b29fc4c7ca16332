import { describe, expect, it } from 'vitest';
import { compileExpression, EXPRESSION_LIMITS, ExpressionError, isTrue } from '../src/index.ts';

const errorOf = (fn: () => unknown): ExpressionError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
};

describe('compileExpression', () => {
  it('evaluates conditions over case, customer, products and entitlements', () => {
    const expr = compileExpression('"worry-free" in products && entitlements.freeRebookings > 0 && case.amountDue * 2 > 100', 'bool');
    const scope = { products: ['worry-free'], entitlements: { freeRebookings: 2 }, case: { amountDue: 60 } };
    expect(expr.evaluate(scope)).toBe(true);
    expect(expr.evaluate({ ...scope, entitlements: { freeRebookings: 0 } })).toBe(false);
    expect(expr.evaluate({ ...scope, products: ['basic'] })).toBe(false);
  });

  it('gives plain numbers back, and mixes whole and fractional numbers from JSON', () => {
    expect(compileExpression('case.a + 1').evaluate({ case: { a: 41 } })).toBe(42);
    expect(compileExpression('case.price > 99.5', 'bool').evaluate({ case: { price: 99.9 } })).toBe(true);
    expect(compileExpression('customer.tags.filter(t, t != "x")').evaluate({ customer: { tags: ['x', 'vip'] } })).toEqual(['vip']);
  });

  it('computes timestamps for timers relative to a case date', () => {
    const at = compileExpression('timestamp(case.departureAt) - duration("24h")', 'timestamp');
    expect(at.evaluate({ case: { departureAt: '2026-12-01T10:00:00Z' } })).toEqual(new Date('2026-11-30T10:00:00Z'));
  });

  it('points at a syntax error', () => {
    const error = errorOf(() => compileExpression('case.amountDue >'));
    expect(error.code).toBe('TP_EXPR_SYNTAX');
    expect(error.position).toBe(16);
  });

  it('rejects unknown variables and type errors at compile time', () => {
    expect(errorOf(() => compileExpression('order.total > 1')).code).toBe('TP_EXPR_TYPE');
    expect(errorOf(() => compileExpression('"a" + 1')).code).toBe('TP_EXPR_TYPE');
    expect(errorOf(() => compileExpression('"yes"', 'bool')).message).toContain('bool is needed');
  });

  it('has no way out of the sandbox', () => {
    for (const source of ['process.exit(1)', 'constructor.constructor("return process")()', 'this', 'require("fs")', 'globalThis']) {
      expect(() => compileExpression(source)).toThrow(ExpressionError);
    }
    // field access on data never reaches JavaScript prototypes
    const proto = compileExpression('case.constructor');
    expect(() => proto.evaluate({ case: {} })).toThrow(ExpressionError);
  });

  it('bounds length, size, depth and comprehension nesting', () => {
    expect(errorOf(() => compileExpression('1 + '.repeat(600) + '1')).code).toBe('TP_EXPR_TOO_LONG');
    expect(errorOf(() => compileExpression('('.repeat(100) + '1' + ')'.repeat(100))).code).toBe('TP_EXPR_TOO_COMPLEX');
    expect(errorOf(() => compileExpression('1+'.repeat(250) + '1')).code).toBe('TP_EXPR_TOO_COMPLEX');
    const nested = 'products.map(a, products.map(b, products.map(c, c)))';
    expect(errorOf(() => compileExpression(nested)).code).toBe('TP_EXPR_TOO_COMPLEX');
    expect(compileExpression('products.map(a, products.map(b, b))').type).toContain('list');
  });

  it('bounds the data an evaluation may walk', () => {
    const expr = compileExpression('size(case.items) > 0', 'bool');
    const items = Array.from({ length: EXPRESSION_LIMITS.maxScopeValues + 1 }, (_, i) => i);
    expect(errorOf(() => expr.evaluate({ case: { items } })).code).toBe('TP_EXPR_SCOPE_TOO_LARGE');
  });

  it('treats a failing condition as false, but not a scope that is too large', () => {
    const expr = compileExpression('case.missing > 1', 'bool');
    expect(isTrue(expr, { case: {} })).toBe(false);
    expect(() => isTrue(expr, { case: { items: Array.from({ length: 30_000 }, () => 1) } })).toThrow(ExpressionError);
  });
});
