import { RuntimeError } from '@touchpoint/runtime';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  path: string;
  message: string;
}

/** An error that is the API's answer: RFC 9457 problem details with a stable code and failing fields. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'TP_NOT_FOUND', `${what} not found`);

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
};

export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string, errors?: FieldError[]): Response {
  const body = { type: `https://touchpoint.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, ...(errors && { errors }) };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

const RUNTIME_STATUS: Record<RuntimeError['code'], ContentfulStatusCode> = {
  TP_RUNTIME_NOT_FOUND: 404,
  TP_RUNTIME_CONFLICT: 409,
  TP_RUNTIME_INVALID: 400,
  TP_RUNTIME_BLUEPRINT_INVALID: 422,
  TP_RUNTIME_FORM_INVALID: 422,
};

/** The one error handler: every failure leaves as problem+json; unexpected ones are logged, not leaked. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof ApiError) return problem(c, error.status, error.code, error.message, error.errors);
  if (error instanceof RuntimeError) return problem(c, RUNTIME_STATUS[error.code], error.code, error.message, error.details);
  if (error instanceof HTTPException) {
    const code = error.status === 413 ? 'TP_PAYLOAD_TOO_LARGE' : 'TP_HTTP';
    return problem(c, error.status as ContentfulStatusCode, code, error.message || TITLES[error.status] || 'error');
  }
  console.error('[touchpoint] unexpected error', error);
  return problem(c, 500, 'TP_INTERNAL', 'something went wrong on our side; it has been logged');
}

/** zod-openapi's validation hook: invalid input becomes a 400 naming each failing field. */
export function validationHook(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }, c: Context): Response | undefined {
  if (result.success) return undefined;
  const errors = (result.error?.issues ?? []).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return problem(c, 400, 'TP_VALIDATION', `the request is invalid: ${errors.map((e) => `${e.path || '(body)'} ${e.message}`).join('; ')}`, errors);
}
