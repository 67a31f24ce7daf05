/**
 * Round-robin over a backend's ready endpoints with passive health: an
 * endpoint whose connection failed is skipped for a while. Time enters as a
 * value, so the choice is a pure function of the state and the clock.
 */
import type { BackendTarget } from './backend-resolve.js';

export interface PickerOptions {
  /** How long an endpoint that failed to connect is skipped. */
  readonly failedSkipMs: number;
  /** Bound on the failure records kept (one per endpoint address). */
  readonly failuresMax: number;
}

export function targetKey(target: BackendTarget): string {
  return `${target.ip}:${target.port}`;
}

export class EndpointPicker {
  private readonly cursors = new Map<string, number>();
  private readonly failedUntil = new Map<string, number>();

  constructor(private readonly options: PickerOptions) {}

  /**
   * The next endpoint of `backendKey` not yet tried for this request: healthy
   * ones in round-robin order first; when every untried one is marked failed,
   * the least recently failed of them (better a try than a certain 502).
   */
  pick(
    backendKey: string,
    targets: readonly BackendTarget[],
    tried: ReadonlySet<string>,
    nowMs: number,
  ): BackendTarget | undefined {
    if (targets.length === 0) return undefined;
    const start = (this.cursors.get(backendKey) ?? 0) % targets.length;
    let fallback: BackendTarget | undefined;
    let fallbackUntil = Number.POSITIVE_INFINITY;
    for (let step = 0; step < targets.length; step += 1) {
      const index = (start + step) % targets.length;
      const target = targets[index];
      if (target === undefined) continue;
      const key = targetKey(target);
      if (tried.has(key)) continue;
      const until = this.failedUntil.get(key) ?? 0;
      if (until <= nowMs) {
        this.cursors.set(backendKey, index + 1);
        return target;
      }
      if (until < fallbackUntil) {
        fallback = target;
        fallbackUntil = until;
      }
    }
    return fallback;
  }

  markFailed(target: BackendTarget, nowMs: number): void {
    const key = targetKey(target);
    this.failedUntil.delete(key);
    if (this.failedUntil.size >= this.options.failuresMax) this.expire(nowMs);
    // still full of live records: drop the oldest (Map keeps insertion order)
    if (this.failedUntil.size >= this.options.failuresMax) {
      const oldest = this.failedUntil.keys().next();
      if (oldest.done !== true) this.failedUntil.delete(oldest.value);
    }
    this.failedUntil.set(key, nowMs + this.options.failedSkipMs);
  }

  markHealthy(target: BackendTarget): void {
    if (this.failedUntil.size > 0) this.failedUntil.delete(targetKey(target));
  }

  isFailed(target: BackendTarget, nowMs: number): boolean {
    return (this.failedUntil.get(targetKey(target)) ?? 0) > nowMs;
  }

  /** Forgets the cursors of backends that no longer exist. */
  retain(backendKeys: ReadonlySet<string>): void {
    for (const key of this.cursors.keys()) if (!backendKeys.has(key)) this.cursors.delete(key);
  }

  private expire(nowMs: number): void {
    for (const [key, until] of this.failedUntil) if (until <= nowMs) this.failedUntil.delete(key);
  }
}
