import { z } from '@hono/zod-openapi';

/** Shared API shapes. Request bodies are validated by these; the OpenAPI document is generated from them. */

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: 'TP_NOT_FOUND' }),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const IdParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) });

export const Json = z.record(z.string(), z.unknown());

export const problemResponses = {
  400: { description: 'Invalid request', content: { 'application/problem+json': { schema: ProblemSchema } } },
  401: { description: 'No or unknown API token', content: { 'application/problem+json': { schema: ProblemSchema } } },
  403: { description: 'The role lacks the right', content: { 'application/problem+json': { schema: ProblemSchema } } },
  404: { description: 'Not found in this tenant', content: { 'application/problem+json': { schema: ProblemSchema } } },
  409: { description: 'Conflicts with the current state', content: { 'application/problem+json': { schema: ProblemSchema } } },
  422: { description: 'Well-formed but invalid', content: { 'application/problem+json': { schema: ProblemSchema } } },
} as const;

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

export const CaseSummary = z
  .object({
    id: z.string(),
    deploymentId: z.string(),
    blueprintVersionId: z.string(),
    customerId: z.string().nullable(),
    status: z.enum(['running', 'waiting', 'parked', 'completed', 'cancelled']),
    outcome: z.string().nullable(),
    parkedReason: z.string().nullable(),
    currentNode: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('CaseSummary');

export const CaseEventSchema = z
  .object({ seq: z.number().int(), type: z.string(), nodeId: z.string().nullable(), data: Json, at: z.string() })
  .openapi('CaseEvent');

export const TaskSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    nodeId: z.string(),
    title: z.string(),
    queue: z.string(),
    role: z.string().nullable(),
    status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
    assignee: z.string().nullable(),
    priority: z.number().int(),
    form: Json.nullable(),
    dueAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Task');
