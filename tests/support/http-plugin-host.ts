import type { PluginCall, PluginHost } from '@touchpoint/runtime';

/**
 * A plugin host that performs every plugin call as an HTTP POST to a receiver on loopback, with the
 * idempotency key in a header, the way real provider APIs take it (Stripe's `Idempotency-Key`).
 * Used by the reliability tests and benchmarks, where the receiver counts what arrives.
 */
export class HttpPluginHost implements PluginHost {
  constructor(private readonly receiverUrl: string) {}

  async invoke(call: PluginCall): Promise<unknown> {
    const response = await fetch(`${this.receiverUrl}/${call.plugin}/${call.action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': call.idempotencyKey },
      body: JSON.stringify({ caseId: call.caseId, input: call.input, attempt: call.attempt }),
      signal: call.signal,
    });
    if (!response.ok) throw new Error(`receiver answered ${response.status}`);
    return response.json();
  }
}
