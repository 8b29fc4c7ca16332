import { serve, type ServerType } from '@hono/node-server';

/** Starts the HTTP server; a taken port becomes a clear message instead of a stack trace. */
export function listen(app: { fetch: (request: Request) => Response | Promise<Response> }, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is already in use: stop what is listening there, or choose another with --port (or PORT)`));
      else if (error.code === 'EACCES') reject(new Error(`not allowed to listen on port ${port}: choose a port above 1024 with --port`));
      else reject(error);
    });
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`"${value}" is not a port number (0–65535)`);
  return port;
}
