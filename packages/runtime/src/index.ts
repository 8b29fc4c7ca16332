/**
 * @touchpoint/runtime — the durable executor: each transition one transaction (state, log,
 * outbox), workers claiming due work with leases, plugin calls at least once with idempotency keys.
 */
export { Runtime, taskKey, type RuntimeOptions, type StartCaseInput } from './runtime.ts';
export { Worker, childCaseId, type WorkerOptions, type DueItem } from './worker.ts';
export { applyEvent, type CaseChange } from './apply.ts';
export { publishBlueprint, deployVersion, type PublishedVersion } from './publish.ts';
export { ManualClock, systemClock, type Clock } from './clock.ts';
export { RuntimeError, type RuntimeErrorCode } from './errors.ts';
export { PluginCallError, invokeWithTimeout, type PluginCall, type PluginHost } from './plugin-host.ts';
export { contentHash, canonicalJson } from './content-hash.ts';
export { SEND_RETRY } from './outbox.ts';
export { retryAdvice } from './plugin-host.ts';
