/**
 * The scheduling loop, run by the leader as a leader task. Informers keep Nodes
 * and Pods cached; each turn takes up to `batchPodsMax` pending pods (no
 * nodeName, not terminating, not finished; oldest first), runs the pure core on
 * a snapshot of the cache, re-checks the placements with `verifyPlacements`,
 * and binds the batch in ONE transaction whose every binding is a
 * compare-and-swap on the pod's resourceVersion, so no pod is ever bound twice.
 * Pods that fit nowhere get PodScheduled=False with the reasons and one Event
 * per distinct message, and wait until a Node changes, a bound pod goes, or
 * their back-off ends. Pending pods wait in the controllers' work queue (the
 * client's WorkQueue: one key per pod, back-off per key on its timers) and a
 * Wakeup starts the next turn; the batch is still the oldest pods first.
 * Level-triggered: everything is re-derived from the cluster, so a new leader
 * resumes from the state alone.
 */
import type { Pod } from '../api/index.js';
import { Informer, isClientError, objectKey, Wakeup, WorkQueue, type ObjectClient } from '../client/index.js';
import { bindingOperations, failedSchedulingEvent, unschedulableStatus } from './binding.js';
import type { RandomSource } from './random.js';
import { schedule } from './schedule.js';
import { SchedulerError } from './scheduler-error.js';
import { buildSnapshot, type Placement } from './snapshot.js';
import { verifyPlacements } from './verify.js';

export interface SchedulerLoopOptions {
  readonly client: ObjectClient;
  readonly signal: AbortSignal;
  /** Pods per turn; each binds with two operations of one transaction. */
  readonly batchPodsMax?: number;
  readonly random?: RandomSource;
  /** Back-off of a pod that fits nowhere: doubles from initialMs to maxMs. */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Status writes and Events for unschedulable pods per turn. */
  readonly unschedulableWritesMax?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

export const schedulerLoopDefaults = Object.freeze({
  batchPodsMax: 500,
  retryInitialMs: 1000,
  retryMaxMs: 10_000,
  unschedulableWritesMax: 64,
});

const batchPodsLimit = 500;
/** After a failed batch, give the informers a moment to catch up before the next turn. */
const failedTurnPauseMs = 50;
/** Pending pods the queue holds at most; beyond, the next resync finds the rest. */
const pendingPodsMax = 100_000;
/** Every pending pod is looked for in the cache this often, in case the queue refused one. */
const resyncMs = 60_000;

function validate(
  options: SchedulerLoopOptions,
): Required<Pick<SchedulerLoopOptions, 'batchPodsMax' | 'retryInitialMs' | 'retryMaxMs' | 'unschedulableWritesMax'>> {
  const resolved = {
    batchPodsMax: options.batchPodsMax ?? schedulerLoopDefaults.batchPodsMax,
    retryInitialMs: options.retryInitialMs ?? schedulerLoopDefaults.retryInitialMs,
    retryMaxMs: options.retryMaxMs ?? schedulerLoopDefaults.retryMaxMs,
    unschedulableWritesMax: options.unschedulableWritesMax ?? schedulerLoopDefaults.unschedulableWritesMax,
  };
  if (
    !Number.isSafeInteger(resolved.batchPodsMax) ||
    resolved.batchPodsMax < 1 ||
    resolved.batchPodsMax > batchPodsLimit
  ) {
    throw new SchedulerError(
      'invalid-argument',
      `batchPodsMax: must be an integer in [1, ${batchPodsLimit}], got ${resolved.batchPodsMax}`,
    );
  }
  for (const field of ['retryInitialMs', 'retryMaxMs', 'unschedulableWritesMax'] as const) {
    if (!Number.isSafeInteger(resolved[field]) || resolved[field] < 1)
      throw new SchedulerError('invalid-argument', `${field}: must be a positive integer, got ${resolved[field]}`);
  }
  return resolved;
}

export function isPending(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    (pod.spec?.nodeName ?? '') === '' &&
    (pod.metadata?.deletionTimestamp ?? '') === '' &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

function byAge(left: Pod, right: Pod): number {
  const leftTime = left.metadata?.creationTimestamp ?? '';
  const rightTime = right.metadata?.creationTimestamp ?? '';
  if (leftTime !== rightTime) return leftTime < rightTime ? -1 : 1;
  const leftKey = objectKey(left);
  const rightKey = objectKey(right);
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}

function resourceVersionNumber(pod: Pod | undefined): number {
  return Number(pod?.metadata?.resourceVersion ?? 0);
}

export class SchedulerLoop {
  private readonly nodes: Informer<'Node'>;
  private readonly pods: Informer<'Pod'>;
  private readonly claims: Informer<'PersistentVolumeClaim'>;
  private readonly volumes: Informer<'PersistentVolume'>;
  private readonly settings: ReturnType<typeof validate>;
  private readonly wakeup = new Wakeup();
  /** Pending pods by key; one that fit nowhere waits out its back-off on the queue's timers. */
  private readonly queue: WorkQueue;
  /** Bound by this loop, until the informer shows the binding. */
  private readonly assumed = new Map<string, Pod>();
  private readonly now: () => number;
  private resyncAt: number;
  /** Pods bound by this loop since it started (metrics, tests). */
  boundCount = 0;

  constructor(private readonly options: SchedulerLoopOptions) {
    this.settings = validate(options);
    this.now = options.now ?? Date.now;
    this.resyncAt = this.now() + resyncMs;
    // The back-off doubles from retryInitialMs and never exceeds retryMaxMs (even when that is the smaller).
    const backoffMaxMs = this.settings.retryMaxMs;
    this.queue = new WorkQueue(
      { keysMax: pendingPodsMax, backoffBaseMs: Math.min(this.settings.retryInitialMs, backoffMaxMs), backoffMaxMs },
      { onReady: () => this.wakeup.trigger() },
    );
    // Once the loop is told to stop, its informers' failures are the stop itself, not news.
    const onError = (error: unknown): void => {
      if (!options.signal.aborted) this.options.onError?.(error);
    };
    this.nodes = new Informer(options.client, 'Node', { onError });
    this.pods = new Informer(options.client, 'Pod', { onError });
    this.claims = new Informer(options.client, 'PersistentVolumeClaim', { onError });
    this.volumes = new Informer(options.client, 'PersistentVolume', { onError });
  }

  private get informers(): readonly { start(): void; stop(): Promise<void>; waitForSync(): Promise<void> }[] {
    return [this.nodes, this.pods, this.claims, this.volumes];
  }

  async run(): Promise<void> {
    const { signal } = this.options;
    this.nodes.addHandlers({
      onAdd: () => this.retryAll(),
      onUpdate: () => this.retryAll(),
      onDelete: () => this.wakeup.trigger(),
    });
    this.pods.addHandlers({
      onAdd: (pod) => this.offer(pod),
      onUpdate: (_previous, pod) => this.offer(pod),
      // A bound pod that goes frees room: every waiting pod may fit now.
      onDelete: (pod) => {
        if ((pod.spec?.nodeName ?? '') !== '') this.retryAll();
      },
    });
    // A claim or volume that appears or changes may let a waiting pod mount it.
    for (const informer of [this.claims, this.volumes])
      informer.addHandlers({ onAdd: () => this.retryAll(), onUpdate: () => this.retryAll() });
    const stopOnAbort = (): void => this.wakeup.trigger();
    signal.addEventListener('abort', stopOnAbort, { once: true });
    for (const informer of this.informers) informer.start();
    try {
      await Promise.all(this.informers.map((informer) => informer.waitForSync()));
      while (!signal.aborted) {
        const waitMs = await this.turn();
        if (waitMs > 0 && !signal.aborted) {
          await this.wakeup.wait(waitMs);
          // One write's events reach the informer one by one: let the whole burst in, so
          // the turn takes the 500 pods one create made rather than the first of them.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      signal.removeEventListener('abort', stopOnAbort);
      this.queue.close();
      await Promise.all(this.informers.map((informer) => informer.stop()));
    }
  }

  /**
   * A pending pod joins the queue, unless it waits out its back-off there:
   * only time, or a change that may make room (`retryAll`), ends that. One in
   * the current batch is looked at again once the batch is done.
   */
  private offer(pod: Pod): void {
    const key = objectKey(pod);
    if (isPending(pod) && !this.queue.isDelayed(key)) this.queue.add(key);
  }

  private retryAll(): void {
    this.queue.expedite();
    this.wakeup.trigger();
  }

  /** One batch; returns how long to wait before the next (0: go on at once). */
  private async turn(): Promise<number> {
    const now = this.now();
    if (now >= this.resyncAt) this.resync(now);
    const keys = this.queue.take(this.queue.length);
    if (keys.length === 0) return resyncMs;
    const inFlight = new Set(keys);
    const finish = (key: string, next: 'drop' | 'again' | 'backoff'): void => {
      if (!inFlight.delete(key)) return;
      this.queue.done(key);
      if (next === 'drop') this.queue.forget(key);
      else if (next === 'again') this.queue.add(key);
      else this.queue.addRateLimited(key);
    };
    try {
      return await this.scheduleBatch(keys, now, finish);
    } finally {
      // Whatever the turn did not settle (a failed bind, an abort) is looked at again.
      for (const key of [...inFlight]) finish(key, 'again');
    }
  }

  private async scheduleBatch(
    keys: readonly string[],
    now: number,
    finish: (key: string, next: 'drop' | 'again' | 'backoff') => void,
  ): Promise<number> {
    const cachedPods = this.currentPods();
    const batch = this.pendingBatch(keys, finish);
    if (batch.length === 0) return this.queue.length > 0 ? 0 : resyncMs;
    const snapshot = buildSnapshot({
      nodes: this.nodes.list(),
      pods: cachedPods,
      claims: this.claims.list(),
      volumes: this.volumes.list(),
    });
    const result = schedule(snapshot, batch, { random: this.options.random });
    const verified = verifyPlacements(snapshot, result.placements);
    const refused = [
      ...result.unschedulable.map((item) => ({ pod: item.pod, message: item.message })),
      ...verified.rejected.map((item) => ({ pod: item.placement.pod, message: item.reason })),
    ];
    try {
      await this.bind(verified.accepted, now);
      for (const placement of verified.accepted) finish(objectKey(placement.pod), 'drop');
      // Parked before the status write, so the write's own event does not bring the pod straight back.
      for (const { pod } of refused) finish(objectKey(pod), 'backoff');
      await this.markUnschedulable(refused, now);
    } catch (error: unknown) {
      if (this.options.signal.aborted) return 0;
      this.options.onError?.(error);
      return failedTurnPauseMs;
    }
    return 0;
  }

  /** Every pending pod the queue does not hold joins it (the queue may have refused some when full). */
  private resync(now: number): void {
    this.resyncAt = now + resyncMs;
    for (const pod of this.pods.list()) this.offer(pod);
  }

  /** The informer's pods with this loop's own bindings laid over them until the informer catches up. */
  private currentPods(): Pod[] {
    const pods = this.pods.list();
    if (this.assumed.size === 0) return pods;
    const byKey = new Map(pods.map((pod) => [objectKey(pod), pod]));
    for (const [key, pod] of this.assumed) {
      const cached = byKey.get(key);
      if (
        cached === undefined ||
        resourceVersionNumber(cached) >= resourceVersionNumber(pod) ||
        cached.metadata?.uid !== pod.metadata?.uid
      ) {
        this.assumed.delete(key);
      } else {
        byKey.set(key, pod);
      }
    }
    return [...byKey.values()];
  }

  /** The batch: the oldest `batchPodsMax` of the keys whose pods are still pending; the rest go back to the queue. */
  private pendingBatch(keys: readonly string[], finish: (key: string, next: 'drop' | 'again') => void): Pod[] {
    const pending: Pod[] = [];
    for (const key of keys) {
      const slash = key.indexOf('/');
      const pod =
        this.assumed.get(key) ??
        (slash < 0 ? this.pods.get(key) : this.pods.get(key.slice(slash + 1), key.slice(0, slash)));
      if (pod !== undefined && isPending(pod)) pending.push(pod);
      else finish(key, 'drop');
    }
    pending.sort(byAge);
    for (const pod of pending.slice(this.settings.batchPodsMax)) finish(objectKey(pod), 'again');
    return pending.slice(0, this.settings.batchPodsMax);
  }

  private async bind(placements: readonly Placement[], now: number): Promise<void> {
    if (placements.length === 0) return;
    const result = await this.options.client.transact(bindingOperations(placements, new Date(now).toISOString()));
    placements.forEach((_placement, position) => {
      const bound = result.objects[position * 2 + 1];
      if (bound?.kind === 'Pod') this.assumed.set(objectKey(bound), bound);
    });
    this.boundCount += placements.length;
  }

  private async markUnschedulable(refused: readonly { pod: Pod; message: string }[], now: number): Promise<void> {
    const timestamp = new Date(now).toISOString();
    let writes = 0;
    const work: Promise<void>[] = [];
    for (const { pod, message } of refused) {
      const updated = unschedulableStatus(pod, message, timestamp);
      if (updated === undefined || writes >= this.settings.unschedulableWritesMax) continue;
      writes += 1;
      work.push(this.recordUnschedulable(updated, message, timestamp));
    }
    await Promise.all(work);
  }

  /** The condition first: once it says this message, the Event was made, so a new leader does not repeat it. */
  private async recordUnschedulable(pod: Pod, message: string, timestamp: string): Promise<void> {
    try {
      await this.options.client.updateStatus(pod);
      await this.options.client.create(failedSchedulingEvent(pod, message, timestamp));
    } catch (error: unknown) {
      // The pod changed or went meanwhile, or the same Event exists: the next turn sees the truth.
      if (
        isClientError(error, 'conflict') ||
        isClientError(error, 'not-found') ||
        isClientError(error, 'already-exists')
      )
        return;
      throw error;
    }
  }
}

/** The loop as a leader task body. */
export function runSchedulerLoop(options: SchedulerLoopOptions): Promise<void> {
  return new SchedulerLoop(options).run();
}
