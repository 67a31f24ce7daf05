/** Typed errors of the scheduler: one class, one code per way a call can fail. */
import { assertIn } from '../assert.js';
export type SchedulerErrorCode =
  /** Options or arguments break a documented rule (the message names the field). */
  | 'invalid-argument'
  /** A limit was reached (pods per batch, cached pod shapes). */
  | 'resource-exhausted';

export class SchedulerError extends Error {
  override readonly name: string = 'SchedulerError';
  constructor(
    readonly code: SchedulerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A programmer error in the scheduler: a broken invariant. Never caught. */
export const assert: (condition: unknown, message: string) => asserts condition = assertIn('scheduler');
