/**
 * Records every pod event a watch sees for one label selector and judges each
 * moment it observes: how many pods are active (not finished, not being
 * deleted) and ready, per owning ReplicaSet too, and whether a pod name was
 * ever created twice. This is the "at any moment a watch observes" of a
 * rolling update's bounds, and the "no pod started twice for one slot" of chaos.
 */
import type { Pod } from '../../src/api/index.js';
import type { ObjectClient, WatchStream } from '../../src/client/index.js';
import { isActive, isReady } from '../../src/controllers/workloads/pod-state.js';
import { controllerOf } from '../../src/controllers/workloads/workload-helpers.js';

/** One moment: the counts right after one event was applied. */
export interface PodMoment {
  readonly revision: string;
  /** The event that made this moment, e.g. "MODIFIED roll-abc (Running, ready, deleting)". */
  readonly event: string;
  readonly active: number;
  readonly ready: number;
  /** Active pods per owning controller uid. */
  readonly perOwner: ReadonlyMap<string, number>;
}

export interface PodBounds {
  /** At most this many active pods at any moment. */
  readonly activeMax: number;
  /** At least this many ready pods at any moment (checked only while `readyFloorFrom` says so). */
  readonly readyMin: number;
}

const momentsMax = 100_000;

function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function describeEvent(type: string, pod: Pod): string {
  const states = [
    pod.status?.phase ?? 'no phase',
    isReady(pod) ? 'ready' : 'not ready',
    ...(isActive(pod) ? [] : ['inactive']),
  ];
  return `${type} ${pod.metadata?.name ?? ''} on ${pod.spec?.nodeName ?? 'no node'} (${states.join(', ')})`;
}

export class PodRecorder {
  readonly moments: PodMoment[] = [];
  /** Every uid ever seen per pod name: more than one is a name created twice. */
  readonly uidsByName = new Map<string, Set<string>>();
  /** Most active pods each owner had at any moment. */
  readonly ownerMax = new Map<string, number>();
  readonly pods = new Map<string, Pod>();
  events = 0;
  failure: string | undefined;
  private watch: WatchStream<Pod> | undefined;
  private done: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: ObjectClient,
    private readonly namespace: string,
    private readonly labelSelector: string,
  ) {}

  /** Lists the pods, counts that first moment, then follows every change from the list's revision. */
  static async start(client: ObjectClient, namespace: string, labelSelector: string): Promise<PodRecorder> {
    const recorder = new PodRecorder(client, namespace, labelSelector);
    const listed = await client.list('Pod', { namespace, labelSelector });
    for (const pod of listed.items) recorder.see(pod);
    recorder.record(listed.resourceVersion, 'LIST');
    recorder.follow(listed.resourceVersion);
    return recorder;
  }

  /** Names created more than once (each with the uids seen). */
  duplicateNames(): string[] {
    return [...this.uidsByName]
      .filter(([, uids]) => uids.size > 1)
      .map(([name, uids]) => `${name} (${[...uids].join(', ')})`);
  }

  /** The moments that break the bounds, described; `from` skips the moments before that index. */
  violations(bounds: PodBounds, from = 0): string[] {
    const problems: string[] = [];
    for (const moment of this.moments.slice(from)) {
      if (moment.active > bounds.activeMax)
        problems.push(
          `at revision ${moment.revision} after ${moment.event}: ${moment.active} active pods > ${bounds.activeMax}`,
        );
      if (moment.ready < bounds.readyMin)
        problems.push(
          `at revision ${moment.revision} after ${moment.event}: ${moment.ready} ready pods < ${bounds.readyMin}`,
        );
    }
    return problems;
  }

  /** The last moments as lines "revision active/ready event", for a failure message. */
  transcript(lines = 120): string {
    return this.moments
      .slice(-lines)
      .map((moment) => `${moment.revision} ${moment.active}/${moment.ready} ${moment.event}`)
      .join('\n');
  }

  /** Owners whose active pods exceeded `max` at some moment. */
  ownersAbove(max: number): string[] {
    return [...this.ownerMax].filter(([, count]) => count > max).map(([owner, count]) => `${owner}: ${count} > ${max}`);
  }

  activePods(): Pod[] {
    return [...this.pods.values()].filter(isActive);
  }

  async stop(): Promise<void> {
    this.watch?.close();
    await this.done;
  }

  private see(pod: Pod): void {
    const name = podName(pod);
    this.pods.set(name, pod);
    const uid = pod.metadata?.uid ?? '';
    const uids = this.uidsByName.get(name) ?? new Set<string>();
    uids.add(uid);
    this.uidsByName.set(name, uids);
  }

  private record(revision: string, event: string): void {
    const active = this.activePods();
    const perOwner = new Map<string, number>();
    for (const pod of active) {
      const owner = controllerOf(pod)?.uid ?? '';
      perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
    }
    for (const [owner, count] of perOwner) this.ownerMax.set(owner, Math.max(this.ownerMax.get(owner) ?? 0, count));
    if (this.moments.length < momentsMax)
      this.moments.push({ revision, event, active: active.length, ready: active.filter(isReady).length, perOwner });
  }

  private follow(revision: string): void {
    const watch = this.client.watch('Pod', {
      namespace: this.namespace,
      labelSelector: this.labelSelector,
      resourceVersion: revision,
    });
    this.watch = watch;
    this.done = (async () => {
      try {
        for await (const event of watch) {
          if (event.type === 'BOOKMARK') continue;
          this.events += 1;
          if (event.type === 'DELETED') this.pods.delete(podName(event.object));
          else this.see(event.object);
          this.record(event.resourceVersion, describeEvent(event.type, event.object));
        }
      } catch (error: unknown) {
        // an expired watch loses moments: the verdict must say so rather than pass on a partial record
        this.failure = `pod watch ended: ${error instanceof Error ? error.message : String(error)}`;
      }
    })();
  }
}
