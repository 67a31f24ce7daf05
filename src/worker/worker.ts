/**
 * The worker process: registers its Node, renews its Lease, watches the pods
 * bound to it and hands them to the PodManager, which drives the runtime.
 */
import { cpus, hostname, networkInterfaces, release, totalmem } from 'node:os';
import type {
  ConfigMap,
  Event,
  Lease,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Secret,
} from '../api/index.js';
import { Informer, isClientError, type ObjectClient, type TlsIdentity } from '../client/index.js';
import type { Logger } from '../log/index.js';
import { PodManager, type PodDns, type PodEvent } from './pod-manager.js';
import { timestamp } from './pod-sync/pod-status.js';
import type { PodStatus } from './pod-sync/pod-sync-types.js';
import type { Runtime } from './runtime/runtime.js';
import {
  ServiceAccountVolumes,
  serviceAccountVolumeDefaults,
  type ServiceAccountTokenIssuer,
} from './volumes/service-account-volume.js';
import { WorkerService } from './worker-service.js';
import { errorMessage, WorkerError, WorkerErrorCode } from './worker-error.js';

export const leaseNamespace = 'kube-node-lease';
/** Annotation on the Node with the address of the worker's Logs/Exec service. */
export const workerEndpointAnnotation = 'orca.dev/worker-endpoint';

/**
 * The node's share of the pod network (routes, service proxy, cluster DNS,
 * ingress), which lives outside the worker (src/network) and is handed in by
 * the process that runs both: the worker only needs to start it once its Node
 * is registered, before any pod, and to ask it for each pod's resolv.conf.
 */
export interface PodNetwork {
  start(node: Node): Promise<void>;
  podDns(pod: Pod): PodDns;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  readonly name: string;
  readonly client: ObjectClient;
  readonly runtime: Runtime;
  /** Folder for pod logs and volumes. */
  readonly rootDir: string;
  /** The address pods and probes see as the host's; default: the first non-internal IPv4. */
  readonly hostIp: string;
  /** Asked for at registration; "" (the default): the masters hand one out in spec.podCIDR. */
  readonly podCidr: string;
  readonly leaseDurationSeconds: number;
  readonly leaseRenewMs: number;
  readonly relistPeriodMs: number;
  readonly podsMax: number;
  /** Overrides of status.capacity (cpu, memory, pods). */
  readonly capacity: Readonly<Record<string, string>>;
  /** host:port the worker's Logs/Exec service listens on (port 0: any); the bound address is published on the Node. */
  readonly serviceListen: string;
  readonly logger: Logger;
  readonly podNetwork?: PodNetwork;
  /**
   * The node's TLS identity (a secure cluster): the Logs/Exec service serves
   * with it and answers masters only. The client is expected to use it too.
   */
  readonly tls?: TlsIdentity;
  /** TokenRequest for pods' ServiceAccount token volumes (OrcaClient.issueServiceAccountToken); absent: no such volumes. */
  readonly issueServiceAccountToken?: ServiceAccountTokenIssuer;
}

export const workerDefaults = {
  leaseDurationSeconds: 40,
  // Well inside the masters' default node grace (10 s): a renewal or two can be
  // late or lost before the node is marked unreachable.
  leaseRenewMs: 2_000,
  relistPeriodMs: 1_000,
  podsMax: 250,
  podCidr: '',
} as const;

/** The problems with `options`, each naming the field and the rule. */
export function validateWorkerOptions(options: WorkerOptions): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(options.name))
    problems.push(`name: "${options.name}" must be a DNS subdomain`);
  if (!options.rootDir.startsWith('/')) problems.push('rootDir: must be an absolute path');
  for (const field of ['leaseDurationSeconds', 'leaseRenewMs', 'relistPeriodMs', 'podsMax'] as const) {
    if (!Number.isInteger(options[field]) || options[field] <= 0) problems.push(`${field}: must be a positive integer`);
  }
  if (options.leaseRenewMs >= options.leaseDurationSeconds * 1000)
    problems.push('leaseRenewMs: must be shorter than leaseDurationSeconds');
  if (options.podCidr !== '' && !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(options.podCidr))
    problems.push(`podCidr: "${options.podCidr}" is not an IPv4 CIDR`);
  return problems;
}

/** The Node spec with `podCidr` when there is one; without it, the masters assign one at create. */
function withPodCidr(spec: Node['spec'], podCidr: string): Node['spec'] {
  const { podCidr: _previous, ...rest } = spec ?? {};
  return podCidr === '' ? rest : { ...rest, podCidr };
}

/**
 * NetworkUnavailable, as Kubernetes' route controller reports it: true while
 * the node has no pod CIDR (the cluster CIDR ran out), so an operator sees why
 * its pods get no addresses.
 */
function networkCondition(
  podCidr: string,
  now: string,
): NonNullable<NonNullable<Node['status']>['conditions']>[number] {
  return podCidr === ''
    ? {
        type: 'NetworkUnavailable',
        status: 'True',
        reason: 'NoPodCIDR',
        message: 'the masters had no free pod CIDR for this node',
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      }
    : {
        type: 'NetworkUnavailable',
        status: 'False',
        reason: 'PodCIDRAssigned',
        message: `pods get addresses from ${podCidr}`,
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      };
}

export function defaultHostIp(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}

export class Worker {
  private readonly pods: PodManager;
  private readonly informer: Informer<'Pod'>;
  private leaseTimer: NodeJS.Timeout | undefined;
  private eventsInFlight = 0;
  private readonly service: WorkerService;
  private endpoint = '';
  private stopped = false;

  constructor(private readonly options: WorkerOptions) {
    const problems = validateWorkerOptions(options);
    if (problems.length > 0) throw new WorkerError(WorkerErrorCode.config, problems.join('; '));
    const client = options.client;
    const getOrUndefined = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await read();
      } catch (error: unknown) {
        if (isClientError(error) && error.code === 'not-found') return undefined;
        throw error;
      }
    };
    const issue = options.issueServiceAccountToken;
    const serviceAccounts =
      issue === undefined
        ? undefined
        : new ServiceAccountVolumes({
            ...serviceAccountVolumeDefaults,
            issue,
            logger: options.logger,
            warn: (pod, reason, message) => this.recordEvent({ pod, type: 'Warning', reason, message }),
          });
    this.pods = new PodManager({
      ...(serviceAccounts === undefined ? {} : { serviceAccounts }),
      runtime: options.runtime,
      rootDir: options.rootDir,
      hostIp: options.hostIp,
      logger: options.logger,
      relistPeriodMs: options.relistPeriodMs,
      podsMax: options.podsMax,
      sources: {
        configMap: (namespace, name) =>
          getOrUndefined<ConfigMap>(() => client.get({ kind: 'ConfigMap', namespace, name })),
        secret: (namespace, name) => getOrUndefined<Secret>(() => client.get({ kind: 'Secret', namespace, name })),
        claim: (namespace, name) =>
          getOrUndefined<PersistentVolumeClaim>(() => client.get({ kind: 'PersistentVolumeClaim', namespace, name })),
        volume: (name) => getOrUndefined<PersistentVolume>(() => client.get({ kind: 'PersistentVolume', name })),
      },
      reportStatus: (pod, status) => this.reportStatus(pod, status),
      recordEvent: (event) => this.recordEvent(event),
      podTerminated: (pod) => void this.removeTerminatedPod(pod),
      ...(options.podNetwork === undefined
        ? {}
        : { podDns: (pod: Pod) => options.podNetwork?.podDns(pod) ?? { servers: [], searches: [], options: [] } }),
    });
    this.service = new WorkerService(this.pods, options.runtime, options.tls);
    this.informer = new Informer(client, 'Pod', {
      fieldSelector: `spec.nodeName=${options.name}`,
      onError: (error) => options.logger.warn({ err: error.message }, 'pod watch trouble'),
    });
  }

  get podManager(): PodManager {
    return this.pods;
  }

  /** The published host:port of the Logs/Exec service (after start). */
  get serviceEndpoint(): string {
    return this.endpoint;
  }

  async start(): Promise<void> {
    const bound = await this.service.listen(this.options.serviceListen);
    const port = bound.slice(bound.lastIndexOf(':') + 1);
    const host = bound.slice(0, bound.lastIndexOf(':'));
    this.endpoint = host === '0.0.0.0' || host === '[::]' ? `${this.options.hostIp}:${port}` : bound;
    const node = await this.register();
    const podCidr = node.spec?.podCidr ?? '';
    if (podCidr !== '') await this.options.runtime.usePodCidr?.(podCidr);
    this.options.logger.info(
      { node: this.options.name, podCidr: node.spec?.podCidr, runtime: this.options.runtime.name },
      'worker registered',
    );
    await this.options.podNetwork?.start(node);
    await this.renewLease();
    let renewing = false;
    this.leaseTimer = setInterval(() => {
      // One renewal at a time: one that is slow (a master failing over) must not be
      // overtaken by the next, which would only make the slow one's write conflict.
      if (renewing) return;
      renewing = true;
      this.renewLease()
        .catch((error: unknown) => this.options.logger.warn({ err: errorMessage(error) }, 'lease renewal failed'))
        .finally(() => {
          renewing = false;
        });
    }, this.options.leaseRenewMs);
    this.informer.addHandlers({
      onAdd: (pod) => this.pods.setPod(pod),
      onUpdate: (_previous, pod) => this.pods.setPod(pod),
      onDelete: (pod) => this.pods.deletePod(pod),
    });
    this.informer.start();
    this.pods.start();
    await this.informer.waitForSync();
    this.pods.markSynced();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.leaseTimer !== undefined) clearInterval(this.leaseTimer);
    await this.informer.stop();
    await this.pods.close();
    await this.service.close();
    await this.options.podNetwork?.stop();
  }

  private async nodeObject(existing: Node | undefined): Promise<Node> {
    const version = await this.options.runtime.version();
    const capacity = {
      cpu: String(cpus().length),
      memory: `${Math.floor(totalmem() / 1024)}Ki`,
      pods: String(this.options.podsMax),
      ...this.options.capacity,
    };
    const now = timestamp(Date.now());
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        ...existing?.metadata,
        name: this.options.name,
        labels: {
          ...existing?.metadata?.labels,
          'kubernetes.io/hostname': this.options.name,
          'kubernetes.io/os': 'linux',
        },
        annotations: { ...existing?.metadata?.annotations, [workerEndpointAnnotation]: this.endpoint },
      },
      spec: withPodCidr(existing?.spec, existing?.spec?.podCidr || this.options.podCidr),
      status: {
        capacity,
        allocatable: capacity,
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'WorkerReady',
            message: 'worker is posting ready status',
            lastHeartbeatTime: now,
            lastTransitionTime: now,
          },
          networkCondition(existing?.spec?.podCidr || this.options.podCidr, now),
        ],
        addresses: [
          { type: 'InternalIP', address: this.options.hostIp },
          { type: 'Hostname', address: hostname() },
        ],
        nodeInfo: {
          kernelVersion: release(),
          operatingSystem: 'linux',
          architecture: process.arch,
          containerRuntimeVersion: `${version.runtimeName}://${version.runtimeVersion}`,
          kubeletVersion: 'orca',
        },
      },
    };
  }

  /** Creates the Node or takes over the existing one (keeping what the masters set, such as spec.podCIDR). */
  private async register(): Promise<Node> {
    const client = this.options.client;
    let existing: Node | undefined;
    try {
      existing = await client.get({ kind: 'Node', name: this.options.name });
    } catch (error: unknown) {
      if (!(isClientError(error) && error.code === 'not-found')) throw error;
    }
    const wanted = await this.nodeObject(existing);
    if (existing === undefined) {
      const created = await client.create(wanted);
      // The masters chose the pod CIDR in the create: the status says whether there was one.
      return client.updateStatus({ ...created, status: (await this.nodeObject(created)).status });
    }
    const updated = await client.update({ ...wanted, status: existing.status });
    return client.updateStatus({ ...updated, status: wanted.status });
  }

  private async renewLease(): Promise<void> {
    const client = this.options.client;
    const spec = {
      holderIdentity: this.options.name,
      leaseDurationSeconds: this.options.leaseDurationSeconds,
      renewTime: new Date().toISOString(),
    };
    const ref = { kind: 'Lease' as const, namespace: leaseNamespace, name: this.options.name };
    try {
      const lease = await client.get(ref);
      await client.update({ ...lease, spec: { ...lease.spec, ...spec } });
    } catch (error: unknown) {
      if (!(isClientError(error) && error.code === 'not-found')) throw error;
      await this.ensureLeaseNamespace();
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.options.name, namespace: leaseNamespace },
        spec,
      };
      await client.create(lease);
    }
  }

  /**
   * For a cluster that has no kube-node-lease namespace yet. In a secure
   * cluster the masters keep that namespace and a node may not create
   * namespaces (the node authorizer): forbidden is not this worker's problem,
   * and the Lease's create says whether the namespace is there.
   */
  private async ensureLeaseNamespace(): Promise<void> {
    try {
      await this.options.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: leaseNamespace } });
    } catch (error: unknown) {
      if (isClientError(error, 'already-exists') || isClientError(error, 'forbidden')) return;
      throw error;
    }
  }

  /** Status is the worker's alone for a bound pod: written without a resourceVersion precondition. */
  private async reportStatus(pod: Pod, status: PodStatus): Promise<void> {
    const { resourceVersion: _ignored, ...metadata } = pod.metadata ?? {};
    try {
      await this.options.client.updateStatus({ ...pod, metadata, status });
    } catch (error: unknown) {
      if (isClientError(error) && error.code === 'not-found') return;
      throw error;
    }
  }

  /**
   * The last step of a graceful deletion: the containers are stopped, so the pod
   * goes from the API (grace 0, only this uid). Retried a few times; a pod
   * already gone is done.
   */
  private async removeTerminatedPod(pod: Pod): Promise<void> {
    const attemptsMax = 10;
    const ref = {
      kind: 'Pod' as const,
      namespace: pod.metadata?.namespace ?? 'default',
      name: pod.metadata?.name ?? '',
    };
    for (let attempt = 1; attempt <= attemptsMax && !this.stopped; attempt += 1) {
      try {
        await this.options.client.delete(ref, { uid: pod.metadata?.uid ?? '', gracePeriodSeconds: 0 });
        return;
      } catch (error: unknown) {
        if (isClientError(error) && (error.code === 'not-found' || error.code === 'conflict')) return;
        this.options.logger.warn(
          { pod: `${ref.namespace}/${ref.name}`, attempt, err: errorMessage(error) },
          'removing a terminated pod failed',
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  /** Best effort and bounded: Events must never slow pods down. */
  private recordEvent(event: PodEvent): void {
    const eventsInFlightMax = 32;
    if (this.eventsInFlight >= eventsInFlightMax) return;
    const pod = event.pod;
    const now = new Date();
    const object: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${pod.metadata?.name ?? 'pod'}.${now.getTime().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`,
        namespace: pod.metadata?.namespace ?? 'default',
      },
      involvedObject: {
        kind: 'Pod',
        namespace: pod.metadata?.namespace ?? 'default',
        name: pod.metadata?.name ?? '',
        uid: pod.metadata?.uid ?? '',
        apiVersion: 'v1',
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: 'orca-worker', host: this.options.name },
      firstTimestamp: timestamp(now.getTime()),
      lastTimestamp: timestamp(now.getTime()),
      count: 1,
      reportingComponent: 'orca-worker',
      reportingInstance: this.options.name,
    };
    this.eventsInFlight += 1;
    this.options.client
      .create(object)
      .catch((error: unknown) => this.options.logger.debug({ err: errorMessage(error) }, 'event not recorded'))
      .finally(() => {
        this.eventsInFlight -= 1;
      });
  }
}
