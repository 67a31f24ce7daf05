/**
 * The shell around the pod sync core: one reconcile loop that observes the
 * runtime, asks planPodSync what to do for each pod, carries the actions out
 * (each pod's at most one batch at a time), runs the probes of running
 * containers, and reports status and Events. Pods it does not know but finds in
 * the runtime (by labels) are adopted when the API has them, removed otherwise.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/index.js';
import { defaultImagePullPolicy, type Container, type Pod } from '../api/index.js';
import { nextBackoff, type BackoffEntry } from './pod-sync/backoff.js';
import { containerSpecFor, type EnvSources } from './pod-sync/container-spec.js';
import { planPodSync } from './pod-sync/plan-pod-sync.js';
import type { PodAction, PodStatus, ProbeView, PullFailure } from './pod-sync/pod-sync-types.js';
import { ContainerProber, systemProberClock, type ProberClock } from './probes/container-prober.js';
import type { ContainerInfo, PodRef, Runtime, SandboxInfo, SandboxSpec } from './runtime/runtime.js';
import { podDirectory, preparePodVolumes, type VolumeSources } from './volumes/pod-volumes.js';
import type { ServiceAccountVolumes } from './volumes/service-account-volume.js';
import { errorMessage, isWorkerError, WorkerErrorCode } from './worker-error.js';

/** After a failed status write, the next attempt comes at the latest this much later. */
const statusRetryMs = 500;

export interface PodEvent {
  readonly pod: Pod;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface PodManagerOptions {
  readonly runtime: Runtime;
  readonly rootDir: string;
  readonly hostIp: string;
  readonly sources: VolumeSources & EnvSources;
  readonly reportStatus: (pod: Pod, status: PodStatus) => Promise<void>;
  readonly recordEvent: (event: PodEvent) => void;
  /** A pod marked for deletion (deletionTimestamp) whose containers and sandbox are gone: remove it from the API. */
  readonly podTerminated?: (pod: Pod) => void;
  readonly logger: Logger;
  /** How often the runtime is listed even when nothing asks for a sync. */
  readonly relistPeriodMs: number;
  readonly clock?: ProberClock;
  /** Pods one worker runs, at most. */
  readonly podsMax: number;
  /** The pod's resolv.conf (dnsPolicy with the cluster DNS); absent: only the pod's own spec.dnsConfig. */
  readonly podDns?: (pod: Pod) => PodDns;
  /** Pods' ServiceAccount token volumes (a secure cluster); absent: pods get none. */
  readonly serviceAccounts?: ServiceAccountVolumes;
}

/** What a pod's /etc/resolv.conf says. */
export interface PodDns {
  readonly servers: readonly string[];
  readonly searches: readonly string[];
  readonly options: readonly string[];
}

function sandboxDns(dns: PodDns): Pick<SandboxSpec, 'dnsServers' | 'dnsSearches' | 'dnsOptions'> {
  return { dnsServers: dns.servers, dnsSearches: dns.searches, dnsOptions: dns.options };
}

function specDns(pod: Pod): PodDns {
  const config = pod.spec?.dnsConfig;
  return {
    servers: config?.nameservers ?? [],
    searches: config?.searches ?? [],
    options: (config?.options ?? []).map((option) =>
      option.value === undefined || option.value === '' ? (option.name ?? '') : `${option.name ?? ''}:${option.value}`,
    ),
  };
}

interface PodRecord {
  pod: Pod;
  deleting: boolean;
  restartBackoff: Map<string, BackoffEntry>;
  pullFailures: Map<string, PullFailure>;
  probers: Map<string, ContainerProber>;
  busy: boolean;
  /**
   * The number of the last runtime listing begun before this pod's last action
   * batch ended: a listing with this number or lower may predate the batch's
   * effects (a sandbox just created missing from it), so it is not planned on.
   */
  actedAfterListing: number;
  lastStatus: string;
  /** The status last computed: the pod's status until the API echoes it back. */
  reported: PodStatus | undefined;
  wakeTimer: NodeJS.Timeout | undefined;
  /** A status write is in flight: the next waits for it, so writes apply in the order they were computed. */
  statusWriting: boolean;
  /** The newest status computed while a write was in flight (older ones it supersedes are never sent). */
  statusNext: PodStatus | undefined;
}

interface Observed {
  sandboxes: SandboxInfo[];
  containers: ContainerInfo[];
}

export class PodManager {
  private readonly pods = new Map<string, PodRecord>();
  private readonly clock: ProberClock;
  private synced = false;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private relistTimer: NodeJS.Timeout | undefined;
  private lastObserved: Observed = { sandboxes: [], containers: [] };
  /** Runtime listings begun so far. */
  private listings = 0;

  constructor(private readonly options: PodManagerOptions) {
    this.clock = options.clock ?? systemProberClock;
  }

  start(): void {
    this.relistTimer = setInterval(() => this.kick(), this.options.relistPeriodMs);
    this.kick();
  }

  /** The API's pods are all known: from now on, pods the runtime runs without an API pod are orphans. */
  markSynced(): void {
    this.synced = true;
    this.kick();
  }

  setPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (uid === '') return;
    const record = this.pods.get(uid);
    const deleting = (pod.metadata?.deletionTimestamp ?? '') !== '';
    if (record === undefined) {
      if (this.pods.size >= this.options.podsMax) {
        this.options.logger.warn(
          { pod: pod.metadata?.name },
          `this worker runs at most ${this.options.podsMax} pods; ignoring`,
        );
        return;
      }
      this.pods.set(uid, newRecord(pod, deleting));
    } else {
      record.pod = pod;
      record.deleting ||= deleting;
    }
    this.kick();
  }

  deletePod(pod: Pod): void {
    const record = this.pods.get(pod.metadata?.uid ?? '');
    if (record === undefined) return;
    record.deleting = true;
    this.kick();
  }

  /** The pod namespace/name as the worker knows it (not deleting), or undefined. */
  findPod(namespace: string, name: string): Pod | undefined {
    for (const record of this.pods.values()) {
      const metadata = record.pod.metadata;
      if (!record.deleting && metadata?.name === name && (metadata.namespace ?? 'default') === namespace)
        return record.pod;
    }
    return undefined;
  }

  /** The container `name` of the pod, as the runtime last reported it (latest attempt first). */
  containersOf(podUid: string, name: string): ContainerInfo[] {
    return this.lastObserved.containers
      .filter((container) => container.pod.uid === podUid && container.name === name)
      .sort((left, right) => right.attempt - left.attempt);
  }

  /** The pod's ready sandbox as the runtime last reported it (latest attempt), or undefined. */
  sandboxOf(podUid: string): SandboxInfo | undefined {
    return this.lastObserved.sandboxes
      .filter((sandbox) => sandbox.pod.uid === podUid && sandbox.state === 'ready')
      .sort((left, right) => right.attempt - left.attempt)[0];
  }

  /** Runs a reconcile round soon; rounds never overlap. */
  kick(): void {
    if (this.closed) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'pod sync round failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.relistTimer !== undefined) clearInterval(this.relistTimer);
    for (const record of this.pods.values()) {
      clearTimeout(record.wakeTimer);
      for (const prober of record.probers.values()) prober.stop();
    }
    this.options.serviceAccounts?.close();
    await this.running;
  }

  private async observe(): Promise<Observed> {
    const [sandboxes, containers] = await Promise.all([
      this.options.runtime.listSandboxes(),
      this.options.runtime.listContainers(),
    ]);
    this.lastObserved = { sandboxes, containers };
    return this.lastObserved;
  }

  private async round(): Promise<void> {
    this.listings += 1;
    const listing = this.listings;
    const observed = await this.observe();
    if (this.synced) this.adoptOrRemoveOrphans(observed);
    for (const [uid, record] of this.pods) {
      // Acting on a listing older than the pod's last actions would redo them (a second
      // RunPodSandbox that containerd refuses as "name reserved"); the next round's is fresh.
      if (record.busy || record.actedAfterListing >= listing) continue;
      const sandboxes = observed.sandboxes.filter((sandbox) => sandbox.pod.uid === uid);
      const containers = observed.containers.filter((container) => container.pod.uid === uid);
      if (record.deleting && sandboxes.length === 0 && containers.length === 0) {
        this.forget(uid, record);
        continue;
      }
      this.syncProbers(record, sandboxes, containers);
      this.syncPod(record, sandboxes, containers);
    }
  }

  /** Runtime objects of pods the API does not have: stop and remove them. */
  private adoptOrRemoveOrphans(observed: Observed): void {
    const orphans = new Map<string, PodRef>();
    for (const item of [...observed.sandboxes, ...observed.containers])
      if (!this.pods.has(item.pod.uid)) orphans.set(item.pod.uid, item.pod);
    for (const ref of orphans.values()) {
      const pod: Pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { uid: ref.uid, name: ref.name, namespace: ref.namespace },
        spec: { terminationGracePeriodSeconds: 2 },
      };
      this.options.logger.info(
        { pod: `${ref.namespace}/${ref.name}` },
        'removing containers of a pod the API does not have',
      );
      this.pods.set(ref.uid, newRecord(pod, true));
    }
  }

  private forget(uid: string, record: PodRecord): void {
    clearTimeout(record.wakeTimer);
    for (const prober of record.probers.values()) prober.stop();
    this.pods.delete(uid);
    this.options.serviceAccounts?.release(uid);
    rmSync(podDirectory(this.options.rootDir, uid), { recursive: true, force: true });
    if ((record.pod.metadata?.deletionTimestamp ?? '') !== '') this.options.podTerminated?.(record.pod);
  }

  private syncPod(record: PodRecord, sandboxes: SandboxInfo[], containers: ContainerInfo[]): void {
    const probes = new Map<string, ProbeView>([...record.probers].map(([id, prober]) => [id, prober.view()]));
    const pod: Pod = record.reported === undefined ? record.pod : { ...record.pod, status: record.reported };
    const plan = planPodSync({
      pod,
      deleting: record.deleting,
      sandboxes,
      containers,
      nowMs: this.clock.now(),
      restartBackoff: record.restartBackoff,
      pullFailures: record.pullFailures,
      probes,
      hostIp: this.options.hostIp,
      runtimeScheme: this.options.runtime.name === 'cri' ? 'containerd' : this.options.runtime.name,
    });
    record.restartBackoff = plan.restartBackoff;
    clearTimeout(record.wakeTimer);
    if (plan.wakeAtMs > 0)
      record.wakeTimer = setTimeout(() => this.kick(), Math.max(0, plan.wakeAtMs - this.clock.now()) + 5);
    if (plan.status !== undefined) {
      record.reported = plan.status;
      this.report(record, plan.status);
    }
    if (plan.actions.length === 0) return;
    this.options.logger.debug(
      {
        pod: record.pod.metadata?.name,
        actions: plan.actions,
        containers: containers.map((c) => `${c.name}#${c.attempt} ${c.state}`),
      },
      'pod sync actions',
    );
    record.busy = true;
    void this.execute(record, plan.actions, sandboxes)
      .catch((error: unknown) =>
        this.options.logger.warn(
          { pod: record.pod.metadata?.name, err: errorMessage(error) },
          'pod sync action failed',
        ),
      )
      .finally(() => {
        record.busy = false;
        record.actedAfterListing = this.listings;
        this.kick();
      });
  }

  private report(record: PodRecord, status: PodStatus): void {
    const text = JSON.stringify(status);
    if (text === record.lastStatus) return;
    record.lastStatus = text;
    // Two writes in flight at once could apply out of order (one retried across a
    // master failover lands after a newer one), leaving an old status in the API
    // that nothing would correct: one write at a time per pod, the newest next.
    if (record.statusWriting) {
      record.statusNext = status;
      return;
    }
    this.writeStatus(record, status);
  }

  private writeStatus(record: PodRecord, status: PodStatus): void {
    record.statusWriting = true;
    void this.options
      .reportStatus(record.pod, status)
      .catch((error: unknown) => {
        this.options.logger.warn(
          { pod: record.pod.metadata?.name, err: errorMessage(error) },
          'pod status update failed',
        );
        // A newer status is queued: it supersedes this one.
        if (record.statusNext !== undefined) return;
        record.lastStatus = '';
        // Not written: plan against the status the API holds again, so the next round
        // computes this status afresh and reports it (and kick, so that round comes).
        if (record.reported === status) record.reported = undefined;
        setTimeout(() => this.kick(), statusRetryMs).unref();
      })
      .finally(() => {
        record.statusWriting = false;
        const next = record.statusNext;
        record.statusNext = undefined;
        if (next !== undefined && this.pods.get(record.pod.metadata?.uid ?? '') === record)
          this.writeStatus(record, next);
      });
  }

  private syncProbers(record: PodRecord, sandboxes: SandboxInfo[], containers: ContainerInfo[]): void {
    const running = new Map(
      containers.filter((container) => container.state === 'running').map((container) => [container.id, container]),
    );
    for (const [id, prober] of record.probers) {
      if (!running.has(id)) {
        prober.stop();
        record.probers.delete(id);
      }
    }
    if (record.deleting) return;
    for (const container of running.values()) {
      if (record.probers.has(container.id)) continue;
      const spec = (record.pod.spec?.containers ?? []).find((candidate) => candidate.name === container.name);
      if (
        spec === undefined ||
        (spec.livenessProbe === undefined && spec.readinessProbe === undefined && spec.startupProbe === undefined)
      )
        continue;
      const podIp = sandboxes.find((sandbox) => sandbox.id === container.sandboxId)?.ip ?? '';
      record.probers.set(container.id, this.newProber(record, container, spec, podIp));
    }
  }

  private newProber(record: PodRecord, container: ContainerInfo, spec: Container, podIp: string): ContainerProber {
    const runtime = this.options.runtime;
    return new ContainerProber({
      target: {
        containerId: container.id,
        podIp: podIp === '' ? '127.0.0.1' : podIp,
        container: spec,
        exec: (id, command, seconds) => runtime.exec(id, command, seconds),
      },
      startedAtMs: container.startedAtMs,
      clock: this.clock,
      onChange: (kind, state) => {
        if (!state.passing) {
          const message = `${kind.charAt(0).toUpperCase()}${kind.slice(1)} probe failed: ${state.lastMessage}`;
          this.options.recordEvent({ pod: record.pod, type: 'Warning', reason: 'Unhealthy', message });
        }
        this.kick();
      },
    });
  }

  private async execute(record: PodRecord, actions: readonly PodAction[], sandboxes: SandboxInfo[]): Promise<void> {
    for (const action of actions) {
      await this.executeOne(record, action, sandboxes);
    }
  }

  private async executeOne(record: PodRecord, action: PodAction, sandboxes: SandboxInfo[]): Promise<void> {
    const runtime = this.options.runtime;
    switch (action.kind) {
      case 'createSandbox':
        return this.createSandbox(record, action.attempt);
      case 'stopSandbox':
        return runtime.stopSandbox(action.sandboxId);
      case 'removeSandbox':
        return runtime.removeSandbox(action.sandboxId);
      case 'removeContainer':
        return runtime.removeContainer(action.containerId);
      case 'killContainer':
        this.options.recordEvent({
          pod: record.pod,
          type: 'Normal',
          reason: 'Killing',
          message: `Stopping container ${action.name}: ${action.reason}`,
        });
        return runtime.stopContainer(action.containerId, action.gracePeriodSeconds);
      case 'killPod':
        return this.killPod(record, action.gracePeriodSeconds);
      case 'startContainer': {
        const sandbox = sandboxes.find((candidate) => candidate.id === action.sandboxId);
        if (sandbox !== undefined) await this.startContainer(record, sandbox, action);
        return undefined;
      }
    }
  }

  private sandboxSpec(pod: Pod, attempt: number): SandboxSpec {
    const uid = pod.metadata?.uid ?? '';
    const ports = (pod.spec?.containers ?? [])
      .flatMap((container) => container.ports ?? [])
      .filter((port) => (port.hostPort ?? 0) > 0);
    return {
      pod: { uid, name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? 'default' },
      attempt,
      hostname: pod.spec?.hostname || (pod.metadata?.name ?? '').slice(0, 63),
      logDirectory: join(podDirectory(this.options.rootDir, uid), 'logs'),
      portMappings: ports.map((port) => ({
        containerPort: port.containerPort ?? 0,
        hostPort: port.hostPort ?? 0,
        hostIp: port.hostIp ?? '',
        protocol: port.protocol === 'UDP' ? 'UDP' : port.protocol === 'SCTP' ? 'SCTP' : 'TCP',
      })),
      ...sandboxDns(this.options.podDns?.(pod) ?? specDns(pod)),
    };
  }

  private async createSandbox(record: PodRecord, attempt: number): Promise<void> {
    const spec = this.sandboxSpec(record.pod, attempt);
    mkdirSync(spec.logDirectory, { recursive: true });
    try {
      await this.options.runtime.runSandbox(spec);
    } catch (error: unknown) {
      this.options.recordEvent({
        pod: record.pod,
        type: 'Warning',
        reason: 'FailedCreatePodSandBox',
        message: errorMessage(error),
      });
      throw error;
    }
  }

  private async startContainer(
    record: PodRecord,
    sandbox: SandboxInfo,
    action: Extract<PodAction, { kind: 'startContainer' }>,
  ): Promise<void> {
    const { pod } = record;
    const specs = action.init ? (pod.spec?.initContainers ?? []) : (pod.spec?.containers ?? []);
    const container = specs.find((candidate) => candidate.name === action.name);
    if (container === undefined) return;
    const image = container.image ?? '';
    const nowMs = this.clock.now();
    let containerSpec;
    try {
      const volumePaths = await preparePodVolumes({
        pod,
        rootDir: this.options.rootDir,
        sources: this.options.sources,
        nowMs,
        ...(this.options.serviceAccounts === undefined ? {} : { serviceAccounts: this.options.serviceAccounts }),
      });
      containerSpec = await containerSpecFor({
        pod,
        container,
        attempt: action.attempt,
        volumePaths,
        sources: this.options.sources,
        podIp: sandbox.ip,
        hostIp: this.options.hostIp,
      });
    } catch (error: unknown) {
      if (!isWorkerError(error)) throw error;
      this.failStart(record, action.name, 'config', error.message, nowMs);
      this.options.recordEvent({ pod, type: 'Warning', reason: 'Failed', message: `Error: ${error.message}` });
      return;
    }
    try {
      await this.options.runtime.ensureImage(image, imagePullPolicyOf(container));
    } catch (error: unknown) {
      if (!isWorkerError(error, WorkerErrorCode.imagePull) && !isWorkerError(error, WorkerErrorCode.imageNeverPull))
        throw error;
      this.failStart(record, action.name, 'image', error.message, nowMs);
      this.options.recordEvent({ pod, type: 'Warning', reason: 'Failed', message: error.message });
      return;
    }
    record.pullFailures.delete(action.name);
    const id = await this.options.runtime.createContainer(
      sandbox.id,
      this.sandboxSpec(pod, sandbox.attempt),
      containerSpec,
    );
    this.options.recordEvent({ pod, type: 'Normal', reason: 'Created', message: `Created container ${action.name}` });
    await this.options.runtime.startContainer(id);
    this.options.recordEvent({ pod, type: 'Normal', reason: 'Started', message: `Started container ${action.name}` });
  }

  private failStart(
    record: PodRecord,
    name: string,
    cause: PullFailure['cause'],
    message: string,
    nowMs: number,
  ): void {
    const previous = record.pullFailures.get(name);
    record.pullFailures.set(name, { cause, message, backoff: nextBackoff(previous?.backoff, nowMs) });
  }

  private async killPod(record: PodRecord, gracePeriodSeconds: number): Promise<void> {
    const uid = record.pod.metadata?.uid ?? '';
    const runtime = this.options.runtime;
    this.options.recordEvent({
      pod: record.pod,
      type: 'Normal',
      reason: 'Killing',
      message: `Stopping pod (grace period ${gracePeriodSeconds}s)`,
    });
    const containers = (await runtime.listContainers()).filter((container) => container.pod.uid === uid);
    await Promise.all(
      containers
        .filter((container) => container.state === 'running')
        .map((container) => runtime.stopContainer(container.id, gracePeriodSeconds)),
    );
    if (!record.deleting) return;
    for (const container of containers) await runtime.removeContainer(container.id);
    const sandboxes = (await runtime.listSandboxes()).filter((sandbox) => sandbox.pod.uid === uid);
    for (const sandbox of sandboxes) {
      await runtime.stopSandbox(sandbox.id);
      await runtime.removeSandbox(sandbox.id);
    }
  }
}

function newRecord(pod: Pod, deleting: boolean): PodRecord {
  return {
    pod,
    deleting,
    restartBackoff: new Map(),
    pullFailures: new Map(),
    probers: new Map(),
    busy: false,
    actedAfterListing: 0,
    lastStatus: '',
    reported: undefined,
    wakeTimer: undefined,
    statusWriting: false,
    statusNext: undefined,
  };
}

function imagePullPolicyOf(container: Container): 'Always' | 'IfNotPresent' | 'Never' {
  const policy = container.imagePullPolicy;
  if (policy === 'Always' || policy === 'IfNotPresent' || policy === 'Never') return policy;
  return defaultImagePullPolicy(container.image ?? '');
}
