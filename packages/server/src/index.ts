/** @touchpoint/server — the HTTP API. */
export { createApp, API_INFO } from './app.ts';
export { ChangeHub } from './hub.ts';
export { createToken, hashToken, can, ROLES, type Permission, type Auth } from './auth.ts';
export { ApiError } from './problem.ts';
export type { ServerDeps } from './deps.ts';
export { pluginHostFor, loadConnection } from './connections.ts';
export { routeEvents, type Delivery } from './ingress.ts';
