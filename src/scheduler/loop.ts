/**
 * The scheduling loop, run by the leader as a leader task. Informers keep Nodes
 * and Pods cached; each turn takes up to `batchPodsMax` pending pods (no
 * nodeName, not terminating, not finished; oldest first), runs the pure core on
 * a snapshot of the cache, re-checks the placements with `verifyPlacements`,
 * and binds the batch in ONE transaction whose every binding is a
 * compare-and-swap on the pod's resourceVersion, so no pod is ever bound twice.
 * Pods that fit nowhere get PodScheduled=False with the reasons and one Event
 * per distinct message, and wait until a Node changes, a bound pod goes, or
 * their back-off ends. Level-triggered: everything is re-derived from the
 * cluster, so a new leader resumes from the state alone.
 */
import type { Pod } from '../api/index.js';
import { Informer, isClientError, objectKey, Wakeup, type ObjectClient } from '../client/index.js';
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

export const schedulerLoopDefaults = Object.freeze({ batchPodsMax: 500, retryInitialMs: 1000, retryMaxMs: 10_000, unschedulableWritesMax: 64 });

const batchPodsLimit = 500;
/** After a failed batch, give the informers a moment to catch up before the next turn. */
const failedTurnPauseMs = 50;

interface Parked {
  readonly retryAt: number;
  readonly attempts: number;
}

function validate(options: SchedulerLoopOptions): Required<Pick<SchedulerLoopOptions, 'batchPodsMax' | 'retryInitialMs' | 'retryMaxMs' | 'unschedulableWritesMax'>> {
  const resolved = {
    batchPodsMax: options.batchPodsMax ?? schedulerLoopDefaults.batchPodsMax,
    retryInitialMs: options.retryInitialMs ?? schedulerLoopDefaults.retryInitialMs,
    retryMaxMs: options.retryMaxMs ?? schedulerLoopDefaults.retryMaxMs,
    unschedulableWritesMax: options.unschedulableWritesMax ?? schedulerLoopDefaults.unschedulableWritesMax,
  };
  if (!Number.isSafeInteger(resolved.batchPodsMax) || resolved.batchPodsMax < 1 || resolved.batchPodsMax > batchPodsLimit) {
    throw new SchedulerError('invalid-argument', `batchPodsMax: must be an integer in [1, ${batchPodsLimit}], got ${resolved.batchPodsMax}`);
  }
  for (const field of ['retryInitialMs', 'retryMaxMs', 'unschedulableWritesMax'] as const) {
    if (!Number.isSafeInteger(resolved[field]) || resolved[field] < 1) throw new SchedulerError('invalid-argument', `${field}: must be a positive integer, got ${resolved[field]}`);
  }
  return resolved;
}

export function isPending(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (pod.spec?.nodeName ?? '') === '' && (pod.metadata?.deletionTimestamp ?? '') === '' && phase !== 'Succeeded' && phase !== 'Failed';
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
  /** Bound by this loop, until the informer shows the binding. */
  private readonly assumed = new Map<string, Pod>();
  private readonly parked = new Map<string, Parked>();
  private readonly now: () => number;
  /** Pods bound by this loop since it started (metrics, tests). */
  boundCount = 0;

  constructor(private readonly options: SchedulerLoopOptions) {
    this.settings = validate(options);
    this.now = options.now ?? Date.now;
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
    this.nodes.addHandlers({ onAdd: () => this.retryAll(), onUpdate: () => this.retryAll(), onDelete: () => this.wakeup.trigger() });
    this.pods.addHandlers({
      onAdd: (pod) => { if (isPending(pod)) this.wakeup.trigger(); },
      onUpdate: (_previous, pod) => { if (isPending(pod)) this.wakeup.trigger(); },
      // A bound pod that goes frees room: every waiting pod may fit now.
      onDelete: (pod) => { if ((pod.spec?.nodeName ?? '') !== '') this.retryAll(); },
    });
    // A claim or volume that appears or changes may let a waiting pod mount it.
    for (const informer of [this.claims, this.volumes]) informer.addHandlers({ onAdd: () => this.retryAll(), onUpdate: () => this.retryAll() });
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
      await Promise.all(this.informers.map((informer) => informer.stop()));
    }
  }

  private retryAll(): void {
    this.parked.clear();
    this.wakeup.trigger();
  }

  /** One batch; returns how long to wait before the next (0: go on at once). */
  private async turn(): Promise<number> {
    const now = this.now();
    const cachedPods = this.currentPods();
    const { batch, nextRetryAt } = this.pendingBatch(cachedPods, now);
    if (batch.length === 0) return nextRetryAt === undefined ? 60_000 : Math.max(1, nextRetryAt - now);
    const snapshot = buildSnapshot({ nodes: this.nodes.list(), pods: cachedPods, claims: this.claims.list(), volumes: this.volumes.list() });
    const result = schedule(snapshot, batch, { random: this.options.random });
    const verified = verifyPlacements(snapshot, result.placements);
    const refused = [
      ...result.unschedulable.map((item) => ({ pod: item.pod, message: item.message })),
      ...verified.rejected.map((item) => ({ pod: item.placement.pod, message: item.reason })),
    ];
    try {
      await this.bind(verified.accepted, now);
      await this.markUnschedulable(refused, now);
    } catch (error: unknown) {
      if (this.options.signal.aborted) return 0;
      this.options.onError?.(error);
      return failedTurnPauseMs;
    }
    return 0;
  }

  /** The informer's pods with this loop's own bindings laid over them until the informer catches up. */
  private currentPods(): Pod[] {
    const pods = this.pods.list();
    if (this.assumed.size === 0) return pods;
    const byKey = new Map(pods.map((pod) => [objectKey(pod), pod]));
    for (const [key, pod] of this.assumed) {
      const cached = byKey.get(key);
      if (cached === undefined || resourceVersionNumber(cached) >= resourceVersionNumber(pod) || cached.metadata?.uid !== pod.metadata?.uid) {
        this.assumed.delete(key);
      } else {
        byKey.set(key, pod);
      }
    }
    return [...byKey.values()];
  }

  private pendingBatch(pods: readonly Pod[], now: number): { batch: Pod[]; nextRetryAt: number | undefined } {
    let nextRetryAt: number | undefined;
    const ready: Pod[] = [];
    const pendingKeys = new Set<string>();
    for (const pod of pods) {
      if (!isPending(pod)) continue;
      const key = objectKey(pod);
      pendingKeys.add(key);
      const parked = this.parked.get(key);
      if (parked !== undefined && parked.retryAt > now) {
        nextRetryAt = nextRetryAt === undefined ? parked.retryAt : Math.min(nextRetryAt, parked.retryAt);
        continue;
      }
      ready.push(pod);
    }
    for (const key of this.parked.keys()) if (!pendingKeys.has(key)) this.parked.delete(key);
    ready.sort(byAge);
    return { batch: ready.slice(0, this.settings.batchPodsMax), nextRetryAt };
  }

  private async bind(placements: readonly Placement[], now: number): Promise<void> {
    if (placements.length === 0) return;
    const result = await this.options.client.transact(bindingOperations(placements, new Date(now).toISOString()));
    placements.forEach((placement, position) => {
      const bound = result.objects[position * 2 + 1];
      if (bound?.kind === 'Pod') this.assumed.set(objectKey(bound), bound);
      this.parked.delete(objectKey(placement.pod));
    });
    this.boundCount += placements.length;
  }

  private async markUnschedulable(refused: readonly { pod: Pod; message: string }[], now: number): Promise<void> {
    const timestamp = new Date(now).toISOString();
    let writes = 0;
    const work: Promise<void>[] = [];
    for (const { pod, message } of refused) {
      this.park(objectKey(pod), now);
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
      if (isClientError(error, 'conflict') || isClientError(error, 'notFound') || isClientError(error, 'alreadyExists')) return;
      throw error;
    }
  }

  private park(key: string, now: number): void {
    const attempts = (this.parked.get(key)?.attempts ?? 0) + 1;
    const delay = Math.min(this.settings.retryMaxMs, this.settings.retryInitialMs * 2 ** Math.min(attempts - 1, 20));
    this.parked.set(key, { retryAt: now + delay, attempts });
  }
}

/** The loop as a leader task body. */
export function runSchedulerLoop(options: SchedulerLoopOptions): Promise<void> {
  return new SchedulerLoop(options).run();
}
