import type { CaseChange } from '@touchpoint/runtime';

type Listener = (change: CaseChange) => void;

/**
 * In-process fan-out of case changes to live views (SSE). Best effort by design: a client that
 * reconnects re-reads state over the API, so nothing is lost if a change is missed. Changes made by
 * a worker in another process reach live views only through that re-read.
 */
export class ChangeHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  publish(change: CaseChange): void {
    for (const listener of this.listeners.get(change.tenantId) ?? []) listener(change);
  }

  subscribe(tenantId: string, listener: Listener): () => void {
    let set = this.listeners.get(tenantId);
    if (!set) this.listeners.set(tenantId, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}
