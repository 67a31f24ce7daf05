/**
 * Runs one operation against the masters: fails over on UNAVAILABLE or a broken
 * connection (following the leader hint when there is one), backs off with
 * jitter, and stops at the attempt bound or the operation deadline.
 *
 * What may be retried depends on the operation:
 * - `read`: always, on a transient failure.
 * - `write`: only when the request surely never reached a master.
 * - `recheck`: a create or a compare-and-swap; a retry after an ambiguous failure
 *   is safe (it cannot apply twice) and `recheck` decides from the retry's error
 *   whether the first attempt had in fact succeeded.
 */
import { backoffDelayMs, sleep } from './backoff.js';
import type { ClientOptions } from './client-options.js';
import { isServerAddress } from './client-options.js';
import type { Endpoints } from './endpoints.js';
import { ClientError, toClientError } from './errors.js';

export type Safety = 'read' | 'write' | 'recheck';

export interface Operation<T> {
  /** For messages: `create Deployment default/web`. */
  readonly name: string;
  readonly safety: Safety;
  readonly call: (address: string, timeoutMs: number) => Promise<T>;
  /**
   * Only for `recheck`, called with the error of an attempt that followed an
   * ambiguous one: return the result when the first attempt had succeeded, or
   * undefined to report the error.
   */
  readonly recheck?: (error: ClientError) => Promise<T | undefined>;
}

export interface RetrierClock {
  now(): number;
  random(): number;
}

export const systemClock: RetrierClock = { now: () => Date.now(), random: () => Math.random() };

/** Transient failures: worth another attempt, usually on another master. */
function isTransient(error: ClientError): boolean {
  return (
    error.code === 'unavailable' || error.code === 'deadline-exceeded' || (error.code === 'canceled' && error.notSent)
  );
}

export class Retrier {
  constructor(
    private readonly options: ClientOptions,
    private readonly endpoints: Endpoints,
    private readonly clock: RetrierClock = systemClock,
  ) {}

  async run<T>(operation: Operation<T>): Promise<T> {
    const deadline = this.clock.now() + this.options.operationDeadlineMs;
    let ambiguous = false;
    let lastError: ClientError | undefined;
    for (let attempt = 0; attempt < this.options.attemptsMax; attempt += 1) {
      const waitMs = Math.min(
        backoffDelayMs(
          { baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs },
          attempt,
          this.clock.random,
        ),
        deadline - this.clock.now(),
      );
      await sleep(waitMs);
      const remainingMs = deadline - this.clock.now();
      if (remainingMs <= 0) break;
      const address = this.endpoints.current;
      try {
        return await operation.call(address, Math.min(this.options.callTimeoutMs, remainingMs));
      } catch (thrown: unknown) {
        const error = toClientError(thrown);
        if (ambiguous && operation.recheck !== undefined) {
          const result = await operation.recheck(error);
          if (result !== undefined) return result;
        }
        if (!isTransient(error)) throw error;
        if (operation.safety === 'write' && !error.notSent) {
          throw new ClientError(
            'uncertain',
            `${operation.name}: ${error.message} (it may or may not have been applied)`,
            { grpcCode: error.grpcCode },
          );
        }
        if (!error.notSent) ambiguous = true;
        this.endpoints.failed(
          address,
          error.leaderHint !== undefined && isServerAddress(error.leaderHint) ? error.leaderHint : undefined,
        );
        lastError = error;
      }
    }
    return this.giveUp(operation, lastError, ambiguous);
  }

  private giveUp<T>(operation: Operation<T>, lastError: ClientError | undefined, ambiguous: boolean): never {
    const tried = this.endpoints.all.join(', ');
    const last = lastError === undefined ? 'out of time' : lastError.message;
    const code = ambiguous && operation.safety !== 'read' ? 'uncertain' : 'unavailable';
    throw new ClientError(code, `${operation.name}: no master answered (tried ${tried}; last error: ${last})`, {
      grpcCode: lastError?.grpcCode,
    });
  }
}
