import { streamSSE } from 'hono/streaming';
import type { ServerDeps } from '../deps.ts';
import { router } from './router.ts';

/**
 * GET /stream — Server-Sent Events of case changes in the caller's tenant, for the studio and the
 * inbox: `event: case` with `{ caseId, status, events }`. A comment every 15 s keeps proxies from
 * closing the connection. Clients re-read over the API after reconnecting.
 */
export function liveRoutes({ hub }: ServerDeps) {
  const app = router();
  app.get('/stream', (c) => {
    const { tenantId } = c.get('auth');
    return streamSSE(c, async (stream) => {
      let id = 0;
      const unsubscribe = hub.subscribe(tenantId, (change) => {
        void stream.writeSSE({ event: 'case', id: String(++id), data: JSON.stringify({ caseId: change.caseId, status: change.status, events: change.events }) });
      });
      stream.onAbort(unsubscribe);
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ tenantId }) });
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        if (!stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });
  return app;
}
