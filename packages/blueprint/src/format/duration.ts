const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds in a duration string such as `30s` or `4h`. Throws on a malformed duration. */
export function durationMs(duration: string): number {
  const match = /^(\d{1,6})(ms|s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${JSON.stringify(duration)} (use e.g. "30s", "4h")`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
