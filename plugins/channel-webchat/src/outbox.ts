/** One message sent to a visitor, as the SSE stream carries it (`id` is the event id, for Last-Event-ID). */
export interface WebchatMessage {
  id: number;
  text: string;
  /** ISO time it was published. */
  at: string;
  template?: string;
}
export type WebchatListener = (message: WebchatMessage) => void;

/**
 * What the server's webchat route needs from an outbox (structurally the same as its
 * `WebchatBridge`): live messages for one visitor, and the ones they missed.
 */
export interface WebchatSource {
  subscribe(tenantId: string, visitorId: string, listener: WebchatListener): () => void;
  history(tenantId: string, visitorId: string, after?: number): WebchatMessage[];
}

export interface WebchatOutboxOptions {
  /** Messages kept per visitor for reconnects (default 50). */
  keep?: number;
  /** Visitors kept in memory; the least recently used one without an open stream goes first (default 10,000). */
  maxVisitors?: number;
  now?: () => Date;
}

interface Mailbox {
  messages: WebchatMessage[];
  listeners: Set<WebchatListener>;
}

/**
 * The in-process hand-off between the plugin's `send` action and the server's SSE stream: both run
 * in one process under `touchpoint start`. Event ids grow across the whole outbox, so a visitor who
 * reconnects with Last-Event-ID gets exactly what they missed, as long as it is still kept.
 * Not shared between processes: a worker in another process cannot reach a visitor's stream.
 */
export class WebchatOutbox implements WebchatSource {
  private readonly boxes = new Map<string, Mailbox>();
  private sequence = 0;
  private readonly keep: number;
  private readonly maxVisitors: number;
  private readonly now: () => Date;

  constructor(options: WebchatOutboxOptions = {}) {
    this.keep = options.keep ?? 50;
    this.maxVisitors = options.maxVisitors ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  /** Keeps the message and hands it to the visitor's open streams; returns it, and how many streams got it. */
  publish(tenantId: string, visitorId: string, message: { text: string; template?: string }): { message: WebchatMessage; live: number } {
    const box = this.box(tenantId, visitorId);
    const stored: WebchatMessage = { id: ++this.sequence, text: message.text, at: this.now().toISOString(), ...(message.template !== undefined && { template: message.template }) };
    box.messages.push(stored);
    if (box.messages.length > this.keep) box.messages.splice(0, box.messages.length - this.keep);
    for (const listener of box.listeners) {
      try {
        listener(stored);
      } catch {
        // one broken stream must not keep the message from the others
      }
    }
    return { message: stored, live: box.listeners.size };
  }

  subscribe(tenantId: string, visitorId: string, listener: WebchatListener): () => void {
    const box = this.box(tenantId, visitorId);
    box.listeners.add(listener);
    return () => box.listeners.delete(listener);
  }

  /** The kept messages, oldest first; with `after`, only those with a greater id. */
  history(tenantId: string, visitorId: string, after?: number): WebchatMessage[] {
    const box = this.boxes.get(keyOf(tenantId, visitorId));
    if (!box) return [];
    return after === undefined ? [...box.messages] : box.messages.filter((message) => message.id > after);
  }

  private box(tenantId: string, visitorId: string): Mailbox {
    const key = keyOf(tenantId, visitorId);
    let box = this.boxes.get(key);
    if (box) {
      // most recently used last, so eviction takes the stalest
      this.boxes.delete(key);
    } else {
      box = { messages: [], listeners: new Set() };
    }
    this.boxes.set(key, box);
    if (this.boxes.size > this.maxVisitors) {
      for (const [candidate, other] of this.boxes) {
        if (this.boxes.size <= this.maxVisitors) break;
        if (other.listeners.size === 0 && candidate !== key) this.boxes.delete(candidate);
      }
    }
    return box;
  }
}

const keyOf = (tenantId: string, visitorId: string) => `${tenantId}\u0000${visitorId}`;

/** The outbox of this process: the plugin's `send` publishes to it; give it to the server as `webchat`. */
export const webchatOutbox = new WebchatOutbox();
