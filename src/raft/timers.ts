/** The node's only access to time, injectable so tests can control it. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, periodMs: number): unknown;
  clearInterval(handle: unknown): void;
  /** Run after the current turn of the event loop (group commit boundary). */
  setImmediate(callback: () => void): void;
  /** Monotonic milliseconds, for measurements only. */
  now(): number;
}

export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, periodMs) => setInterval(callback, periodMs),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
  setImmediate: (callback) => {
    setImmediate(callback);
  },
  now: () => performance.now(),
};
