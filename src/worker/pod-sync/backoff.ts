/**
 * Restart and image-pull back-off as the kubelet keeps it: the first retry is
 * immediate, then 10 s doubling to 5 min; a container that ran 10 min clean
 * starts over. Pure: entries are values, time is an argument.
 */
export const backoffInitialMs = 10_000;
export const backoffMaxMs = 300_000;
/** A container that ran this long before it ended is forgiven its back-off. */
export const backoffResetAfterRunMs = 600_000;

export interface BackoffEntry {
  /** How long after the last failure the next retry must wait. */
  readonly delayMs: number;
  /** When the last failure happened (a container's finish, a pull's failure). */
  readonly failedAtMs: number;
}

/** True while a retry after the failure at `failedAtMs` must still wait. */
export function inBackoff(entry: BackoffEntry | undefined, failedAtMs: number, nowMs: number): boolean {
  return entry !== undefined && nowMs < failedAtMs + entry.delayMs;
}

/** When the retry may happen, or 0 when it may happen now. */
export function backoffReadyAtMs(entry: BackoffEntry | undefined, failedAtMs: number): number {
  return entry === undefined ? 0 : failedAtMs + entry.delayMs;
}

/** The entry after a retry of the failure at `failedAtMs`: the next failure waits longer. */
export function nextBackoff(entry: BackoffEntry | undefined, failedAtMs: number): BackoffEntry {
  const delayMs = entry === undefined ? backoffInitialMs : Math.min(entry.delayMs * 2, backoffMaxMs);
  return { delayMs, failedAtMs };
}

/** "10s", "5m0s": durations as the kubelet prints them in back-off messages. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
