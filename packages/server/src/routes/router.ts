import { OpenAPIHono } from '@hono/zod-openapi';
import { validationHook } from '../problem.ts';

/** A route group: zod-openapi with our validation hook, so every invalid input is problem+json. */
export function router(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}
