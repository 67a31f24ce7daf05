/**
 * The shell every cluster controller runs in: informers feed a level trigger,
 * and each turn re-derives every decision from the caches (level-triggered:
 * no event is remembered, so a new leader resumes from the state alone). Turns
 * are spaced by a short debounce so a burst of changes costs one turn; a turn
 * may ask to run again after a delay (a grace period ending), and a resync
 * runs one anyway every `resyncMs`.
 */
import { Wakeup } from '../../client/index.js';
import { ClusterControllerError } from './cluster-controller-error.js';

/** What the loop needs of an informer. */
export interface LoopSource {
  addHandlers(handlers: { onAdd?(): void; onUpdate?(): void; onDelete?(): void }): void;
  start(): void;
  stop(): Promise<void>;
  waitForSync(): Promise<void>;
}

export interface LevelLoopOptions {
  readonly name: string;
  readonly signal: AbortSignal;
  /** Caches whose every change asks for a turn. */
  readonly informers: readonly LoopSource[];
  /** Caches read by the turn whose changes alone do not call for one (a resync or a timed turn reads them). */
  readonly caches?: readonly LoopSource[];
  /** One reconcile of everything; returns ms until it wants to run again, or undefined. */
  readonly turn: () => Promise<number | undefined>;
  readonly resyncMs?: number;
  readonly debounceMs?: number;
  readonly onError?: (controller: string, error: unknown) => void;
}

export const levelLoopDefaults = Object.freeze({ resyncMs: 30_000, debounceMs: 20, errorPauseMs: 500 });

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function runLevelLoop(options: LevelLoopOptions): Promise<void> {
  const { signal, informers } = options;
  const all = [...informers, ...(options.caches ?? [])];
  const resyncMs = options.resyncMs ?? levelLoopDefaults.resyncMs;
  const debounceMs = options.debounceMs ?? levelLoopDefaults.debounceMs;
  if (!(resyncMs > 0) || !(debounceMs >= 0)) throw new ClusterControllerError('invalid-argument', `${options.name}: resyncMs must be positive and debounceMs non-negative`);
  const trigger = new Wakeup();
  const fire = (): void => trigger.trigger();
  for (const informer of informers) informer.addHandlers({ onAdd: fire, onUpdate: fire, onDelete: fire });
  signal.addEventListener('abort', fire, { once: true });
  for (const informer of all) informer.start();
  try {
    await Promise.all(all.map((informer) => informer.waitForSync()));
    while (!signal.aborted) {
      let again: number | undefined;
      try {
        again = await options.turn();
      } catch (error: unknown) {
        if (signal.aborted) break;
        options.onError?.(options.name, error);
        again = levelLoopDefaults.errorPauseMs;
      }
      if (signal.aborted) break;
      await trigger.wait(Math.max(1, Math.min(again ?? resyncMs, resyncMs)));
      await pause(debounceMs, signal);
    }
  } finally {
    signal.removeEventListener('abort', fire);
    await Promise.all(all.map((informer) => informer.stop()));
  }
}
