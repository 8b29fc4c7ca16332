import { secret } from '@touchpoint/plugin-sdk';
import { z } from 'zod';

/** Touchpoint's own API, reached with a tenant API token whose role may manage customers (admin, designer, supervisor). */
export const CrmBuiltinConnection = z.object({
  baseUrl: z
    .url({ protocol: /^https?$/ })
    .regex(/^https?:\/\//i, 'must be an http(s) URL')
    .describe('Where Touchpoint\'s API is served, e.g. http://127.0.0.1:3000 (no /api/v1)'),
  token: secret(z.string().min(1)).describe('A tenant API token with a role allowed to manage customers (admin, designer or supervisor)'),
});
export type CrmBuiltinConnection = z.output<typeof CrmBuiltinConnection>;

/** `${baseUrl}/api/v1/${path}`, with a trailing slash on the base tolerated. */
export function apiUrl(connection: CrmBuiltinConnection, path: string): string {
  return `${connection.baseUrl.replace(/\/+$/, '')}/api/v1/${path}`;
}

export const authHeaders = (connection: CrmBuiltinConnection) => ({ authorization: `Bearer ${connection.token}` });
