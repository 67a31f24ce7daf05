/**
 * Closed-loop load: `inFlight` workers each issue one operation after another
 * for `durationMs`, recording the latency of every success. Shared by every
 * benchmark so Orca and etcd are driven identically.
 */
export interface LoadResult {
  readonly operations: number;
  readonly errors: number;
  /** The first failure's message, so a benchmark that errors says why. */
  readonly firstError?: string;
  readonly elapsedMs: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[position] ?? Number.NaN;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export async function runClosedLoop(options: {
  inFlight: number;
  durationMs: number;
  operation: (sequence: number) => Promise<void>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sequence = 0;
  const startedMs = performance.now();
  const deadlineMs = startedMs + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadlineMs) {
      sequence += 1;
      const beganMs = performance.now();
      try {
        await options.operation(sequence);
        latencies.push(performance.now() - beganMs);
      } catch (error: unknown) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (errors > 10_000) throw new Error('too many errors in the load loop');
      }
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, () => worker()));
  const elapsedMs = performance.now() - startedMs;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs: round(elapsedMs),
    opsPerSecond: round((latencies.length * 1000) / elapsedMs, 1),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

/**
 * Failover time: with writes flowing, `kill()` the leader at t0; the answer is the
 * time from t0 to the first successful write that was begun after t0.
 */
export async function measureFailover(options: {
  inFlight: number;
  write: (sequence: number) => Promise<void>;
  /** Sends the fault; calls `signalling()` right before the signal goes, which is the moment measured from. */
  kill: (signalling: () => void) => Promise<void>;
  timeoutMs: number;
}): Promise<number> {
  let killedAtMs = Number.POSITIVE_INFINITY;
  let recoveredAtMs = 0;
  let sequence = 0;
  let done = false;
  const worker = async (): Promise<void> => {
    while (!done) {
      sequence += 1;
      const beganMs = performance.now();
      try {
        await options.write(sequence);
        if (beganMs >= killedAtMs && recoveredAtMs === 0) {
          recoveredAtMs = performance.now();
          done = true;
        }
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (performance.now() - killedAtMs > options.timeoutMs) done = true;
    }
  };
  const workers = Array.from({ length: options.inFlight }, () => worker());
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Finding the leader to kill takes time of its own, during which writes still succeed: the clock starts at the signal.
  await options.kill(() => {
    killedAtMs = performance.now();
  });
  if (killedAtMs === Number.POSITIVE_INFINITY) throw new Error('measureFailover: kill() never said when it signalled');
  await Promise.all(workers);
  if (recoveredAtMs === 0) throw new Error(`no successful write within ${options.timeoutMs} ms of the kill`);
  return round(recoveredAtMs - killedAtMs, 1);
}
