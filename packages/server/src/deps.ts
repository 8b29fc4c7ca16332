import type { SdkPluginHost } from '@touchpoint/plugin-sdk';
import type { Runtime } from '@touchpoint/runtime';
import type { Database, DatabaseKind } from '@touchpoint/store';
import type { Kysely } from 'kysely';
import type { ChangeHub } from './hub.ts';
import type { WebchatBridge, WebchatOptions } from './routes/webchat.ts';

/** What the HTTP layer needs; everything is passed in, so tests build an app around any database. */
export interface ServerDeps {
  db: Kysely<Database>;
  runtime: Runtime;
  hub: ChangeHub;
  database: { kind: DatabaseKind; migration: () => Promise<string | null> };
  /** Largest request body accepted, in bytes (default 1 MiB; blueprints may be larger: see limits). */
  maxBodyBytes?: number;
  /** The installed plugins (the same host the runtime calls). Without it, no connections or webhooks. */
  plugins?: SdkPluginHost;
  /** The AES-256-GCM key that seals plugin connection secrets (TOUCHPOINT_SECRET_KEY). */
  secretKey?: Buffer;
  /** Webhooks accepted per second per tenant and plugin (burst: twice that). Default 50. */
  webhookRate?: number;
  /** The channel-webchat outbox; without it, the visitors' SSE stream has nothing to carry (messages in still work). */
  webchat?: WebchatBridge;
  webchatOptions?: WebchatOptions;
}
