import { createHash, randomBytes } from 'node:crypto';
import type { Database, Role } from '@touchpoint/store';
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { ApiError } from './problem.ts';

export const ROLES = ['admin', 'designer', 'agent', 'supervisor', 'viewer'] as const satisfies readonly Role[];

/** What each role may do; read access is every role's. */
const PERMISSIONS = {
  read: ['admin', 'designer', 'agent', 'supervisor', 'viewer'],
  design: ['admin', 'designer'],
  deploy: ['admin', 'designer'],
  work: ['admin', 'agent', 'supervisor'],
  supervise: ['admin', 'supervisor'],
  customers: ['admin', 'designer', 'supervisor'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export interface Auth {
  tenantId: string;
  role: Role;
  tokenId: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    auth: Auth;
  }
}

/** Tokens are shown once and stored only as a hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return `tp_${randomBytes(24).toString('base64url')}`;
}

export async function createToken(db: Kysely<Database>, input: { tenantId: string; name: string; role: Role }): Promise<{ id: string; token: string }> {
  const token = generateToken();
  const id = `tok_${randomBytes(8).toString('hex')}`;
  await db.insertInto('api_tokens').values({ tenant_id: input.tenantId, id, name: input.name, role: input.role, token_hash: hashToken(token) }).execute();
  return { id, token };
}

/** `Authorization: Bearer <token>` → the tenant and role every handler works within. */
export function authenticate(db: Kysely<Database>): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'TP_UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"');
    const row = await db
      .selectFrom('api_tokens')
      .select(['id', 'tenant_id', 'role', 'revoked_at'])
      .where('token_hash', '=', hashToken(match[1]!))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) throw new ApiError(401, 'TP_UNAUTHENTICATED', 'the API token is unknown or revoked');
    c.set('auth', { tenantId: row.tenant_id, role: row.role, tokenId: row.id });
    await next();
  };
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Refuses (403) a caller whose role lacks the permission. */
export function requires(permission: Permission): MiddlewareHandler {
  return async (c, next) => {
    const { role } = c.get('auth');
    if (!can(role, permission)) throw new ApiError(403, 'TP_FORBIDDEN', `the ${role} role may not do this (it needs "${permission}")`);
    await next();
  };
}
