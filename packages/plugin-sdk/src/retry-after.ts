/**
 * A provider's `Retry-After` header as milliseconds from `now`: delta-seconds or an HTTP date;
 * undefined when absent or unreadable. Pass it on as `new PluginError({ …, retryAfterMs })` and the
 * runtime waits at least that long before the next attempt.
 */
export function retryAfterMs(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
