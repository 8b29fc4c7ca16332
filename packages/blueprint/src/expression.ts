import { Environment } from '@marcbachmann/cel-js';

/**
 * The expression language is CEL (https://cel.dev): not Turing-complete, no I/O, no `eval`.
 * Size and nesting are bounded at compile time; input size at evaluation time. Together they
 * bound evaluation cost: the worst case is (AST nodes) × (list length)^(comprehension nesting).
 */
export const EXPRESSION_LIMITS = {
  maxLength: 2000,
  maxAstNodes: 400,
  maxDepth: 32,
  maxComprehensionNesting: 2,
  /** Values (scalars, list items, map entries) a scope may hold when an expression runs. */
  maxScopeValues: 20_000,
} as const;

/** The variables an expression can read, with their CEL types: the studio completes these. */
export const EXPRESSION_VARIABLES = {
  case: { type: 'map', description: 'The case data: the request, and what steps stored (e.g. case.fareDifference).' },
  customer: { type: 'map', description: 'The customer: name, locale, segment, tags, data.' },
  event: { type: 'map', description: 'The event that woke the case (a reply, a payment, a task completion).' },
  products: { type: 'list<string>', description: 'Ids of the customer\'s active service products.' },
  entitlements: { type: 'map', description: 'Remaining entitlements, e.g. entitlements.freeRebookings.' },
  now: { type: 'google.protobuf.Timestamp', description: 'The current time of the case\'s clock.' },
} as const;
export type ExpressionVariable = keyof typeof EXPRESSION_VARIABLES;

/** What an expression sees when it runs. Missing variables are empty. */
export type ExpressionScope = Partial<Record<Exclude<ExpressionVariable, 'now' | 'products'>, Record<string, unknown>>> & {
  products?: readonly string[];
  now?: Date;
};

/** The result type an expression must have where it is used. */
export type ExpectedType = 'bool' | 'timestamp' | 'any';

export type ExpressionErrorCode =
  | 'TP_EXPR_TOO_LONG'
  | 'TP_EXPR_SYNTAX'
  | 'TP_EXPR_TOO_COMPLEX'
  | 'TP_EXPR_TYPE'
  | 'TP_EXPR_EVALUATION'
  | 'TP_EXPR_SCOPE_TOO_LARGE';

/** An expression that failed to compile or run; `position` is a character offset in the source. */
export class ExpressionError extends Error {
  constructor(
    readonly code: ExpressionErrorCode,
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export interface CompiledExpression {
  readonly source: string;
  /** The CEL type the checker inferred, e.g. `bool` or `dyn`. */
  readonly type: string;
  evaluate(scope: ExpressionScope): unknown;
}

const environment = (() => {
  const env = new Environment({
    homogeneousAggregateLiterals: false,
    limits: {
      maxAstNodes: EXPRESSION_LIMITS.maxAstNodes,
      maxDepth: EXPRESSION_LIMITS.maxDepth,
      maxListElements: 100,
      maxMapEntries: 100,
      maxCallArguments: 8,
    },
  });
  for (const [name, { type, description }] of Object.entries(EXPRESSION_VARIABLES)) {
    env.registerVariable({ name, type, description });
  }
  return env;
})();

const TYPE_OF_EXPECTED: Record<Exclude<ExpectedType, 'any'>, string> = {
  bool: 'bool',
  timestamp: 'google.protobuf.Timestamp',
};

/** Parses and type-checks once; throws `ExpressionError` pointing at the problem. */
export function compileExpression(source: string, expected: ExpectedType = 'any'): CompiledExpression {
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionError('TP_EXPR_TOO_LONG', `expression is ${source.length} characters; the limit is ${EXPRESSION_LIMITS.maxLength}`);
  }
  let program: ReturnType<typeof environment.parse>;
  try {
    program = environment.parse(source);
  } catch (error) {
    const message = firstLine(error);
    const code = /Exceeded max/i.test(message) ? 'TP_EXPR_TOO_COMPLEX' : 'TP_EXPR_SYNTAX';
    throw new ExpressionError(code, message, positionOf(error));
  }
  const nesting = comprehensionNesting(program.ast);
  if (nesting > EXPRESSION_LIMITS.maxComprehensionNesting) {
    throw new ExpressionError(
      'TP_EXPR_TOO_COMPLEX',
      `comprehensions (map, filter, all, exists) are nested ${nesting} deep; the limit is ${EXPRESSION_LIMITS.maxComprehensionNesting}`,
    );
  }
  const checked = program.check();
  if (!checked.valid) {
    throw new ExpressionError('TP_EXPR_TYPE', firstLine(checked.error), positionOf(checked.error));
  }
  const type = String(checked.type);
  if (expected !== 'any' && type !== 'dyn' && type !== TYPE_OF_EXPECTED[expected]) {
    throw new ExpressionError('TP_EXPR_TYPE', `expression gives ${type}, but ${TYPE_OF_EXPECTED[expected]} is needed here`);
  }
  return {
    source,
    type,
    evaluate(scope) {
      const context = toCelScope(scope);
      try {
        return fromCel(program(context));
      } catch (error) {
        throw new ExpressionError('TP_EXPR_EVALUATION', firstLine(error), positionOf(error));
      }
    },
  };
}

/** Evaluates a condition: anything but `true` is false, and so is an evaluation error (e.g. a missing field). */
export function isTrue(expression: CompiledExpression, scope: ExpressionScope): boolean {
  try {
    return expression.evaluate(scope) === true;
  } catch (error) {
    if (error instanceof ExpressionError && error.code === 'TP_EXPR_EVALUATION') return false;
    throw error;
  }
}

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

interface AstNode {
  op: string;
  args: unknown;
}

function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && 'op' in value && 'args' in value;
}

function comprehensionNesting(node: unknown): number {
  if (Array.isArray(node)) return Math.max(0, ...node.map(comprehensionNesting));
  if (!isAstNode(node)) return 0;
  const inner = comprehensionNesting(node.args);
  const isComprehension = node.op === 'rcall' && Array.isArray(node.args) && COMPREHENSIONS.has(String(node.args[0]));
  return inner + (isComprehension ? 1 : 0);
}

/** CEL has distinct int and double; JSON has one number. Whole numbers become CEL ints. */
function toCelScope(scope: ExpressionScope): Record<string, unknown> {
  let budget = EXPRESSION_LIMITS.maxScopeValues;
  const convert = (value: unknown): unknown => {
    if (--budget < 0) {
      throw new ExpressionError('TP_EXPR_SCOPE_TOO_LARGE', `case data holds more than ${EXPRESSION_LIMITS.maxScopeValues} values`);
    }
    if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
    if (Array.isArray(value)) return value.map(convert);
    if (value instanceof Date || value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = convert(item);
    return out;
  };
  return {
    case: convert(scope.case ?? {}),
    customer: convert(scope.customer ?? {}),
    event: convert(scope.event ?? {}),
    products: convert([...(scope.products ?? [])]),
    entitlements: convert(scope.entitlements ?? {}),
    now: scope.now ?? new Date(0),
  };
}

function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), fromCel(v)]));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function positionOf(error: unknown): number | undefined {
  const node = (error as { node?: { pos?: unknown } } | undefined)?.node;
  return typeof node?.pos === 'number' ? node.pos : undefined;
}
