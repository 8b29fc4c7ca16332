/** Small helpers shared by the benchmarks: timing with warm-up, and order statistics. */

export interface Timing {
  median: number;
  min: number;
  runs: number;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and returns milliseconds. */
export function time(fn: () => unknown, { warmup = 3, runs = 15 } = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), min: samples[0] ?? 0, runs };
}

/** The p-th percentile of sorted numbers (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
