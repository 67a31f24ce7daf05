/**
 * A test harness for the scheduler (Nomad's scheduler/tests/testing.go): builds
 * snapshots from small declarative node and pod specs, runs `schedule`, records
 * every plan, re-checks it with `verifyPlacements` as the leader would at apply
 * time and folds the accepted placements into the next snapshot. No cluster needed.
 */
import type { Node, Pod, PodSpec } from '../api/index.js';
import type { SchedulerOptionsInput } from './options.js';
import { schedule, type ScheduleResult } from './schedule.js';
import { buildSnapshot, withPlacements, zoneLabel, type ClusterSnapshot } from './snapshot.js';
import { verifyPlacements, type VerifiedPlan } from './verify.js';

export interface NodeSpecInput {
  readonly name: string;
  readonly cpu?: string;
  readonly memory?: string;
  readonly pods?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly zone?: string;
  /** `key=value:Effect` or `key:Effect`. */
  readonly taints?: readonly string[];
  readonly unschedulable?: boolean;
  /** Ready condition True unless false. */
  readonly ready?: boolean;
}

export interface ContainerInput {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface PodSpecInput extends ContainerInput {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Name of the controlling ReplicaSet: pods of one owner are spread. */
  readonly owner?: string;
  readonly nodeName?: string;
  readonly phase?: string;
  /** `8080`, or `8080/UDP`, or `10.0.0.1:8080`. */
  readonly hostPorts?: readonly string[];
  /** Extra app containers after the first (which takes cpu/memory above). */
  readonly moreContainers?: readonly ContainerInput[];
  readonly initContainers?: readonly ContainerInput[];
  readonly tolerations?: PodSpec['tolerations'];
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: PodSpec['affinity'];
  /** PersistentVolumeClaims the pod mounts (one volume each, named after the claim). */
  readonly claims?: readonly string[];
}

function parseTaint(text: string): { key: string; value: string; effect: string } {
  const match = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text);
  if (match === null) throw new Error(`taint "${text}": write key=value:Effect or key:Effect`);
  return { key: match[1] ?? '', value: match[2] ?? '', effect: match[3] ?? '' };
}

export function makeNode(spec: NodeSpecInput): Node {
  const labels: Record<string, string> = { ...spec.labels };
  if (spec.zone !== undefined) labels[zoneLabel] = spec.zone;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, labels },
    spec: { unschedulable: spec.unschedulable ?? false, taints: (spec.taints ?? []).map(parseTaint) },
    status: {
      allocatable: { cpu: spec.cpu ?? '4', memory: spec.memory ?? '8Gi', pods: String(spec.pods ?? 110) },
      conditions: [{ type: 'Ready', status: spec.ready === false ? 'False' : 'True' }],
    },
  };
}

function requests(input: ContainerInput): Record<string, string> {
  const result: Record<string, string> = {};
  if (input.cpu !== undefined) result['cpu'] = input.cpu;
  if (input.memory !== undefined) result['memory'] = input.memory;
  return result;
}

function hostPort(text: string): { containerPort: number; hostPort: number; protocol: string; hostIp: string } {
  const match = /^(?:([\d.]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(text);
  if (match === null) throw new Error(`host port "${text}": write PORT, PORT/PROTOCOL or IP:PORT`);
  const port = Number(match[2]);
  return { containerPort: port, hostPort: port, protocol: match[3] ?? 'TCP', hostIp: match[1] ?? '' };
}

export function makePod(spec: PodSpecInput): Pod {
  const containers = [spec, ...(spec.moreContainers ?? [])].map((input, index) => ({
    name: `c${index}`,
    image: 'busybox',
    resources: { requests: requests(input) },
    ports: index === 0 ? (spec.hostPorts ?? []).map(hostPort) : [],
  }));
  const owner =
    spec.owner === undefined
      ? []
      : [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: spec.owner, uid: `uid-${spec.owner}`, controller: true }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.name,
      namespace: spec.namespace ?? 'default',
      labels: { ...spec.labels },
      ownerReferences: owner,
    },
    spec: {
      containers,
      initContainers: (spec.initContainers ?? []).map((input, index) => ({
        name: `init${index}`,
        image: 'busybox',
        resources: { requests: requests(input) },
      })),
      nodeName: spec.nodeName ?? '',
      tolerations: spec.tolerations ?? [],
      nodeSelector: { ...spec.nodeSelector },
      ...(spec.affinity === undefined ? {} : { affinity: spec.affinity }),
      ...(spec.claims === undefined
        ? {}
        : { volumes: spec.claims.map((claimName) => ({ name: claimName, persistentVolumeClaim: { claimName } })) }),
    },
    status: { phase: spec.phase ?? (spec.nodeName === undefined ? 'Pending' : 'Running') },
  };
}

export interface RecordedPlan {
  readonly result: ScheduleResult;
  readonly verified: VerifiedPlan;
}

export interface HarnessInput {
  readonly nodes: readonly NodeSpecInput[];
  readonly pods?: readonly PodSpecInput[];
}

export class SchedulerHarness {
  snapshot: ClusterSnapshot;
  readonly plans: RecordedPlan[] = [];

  constructor(input: HarnessInput) {
    this.snapshot = buildSnapshot({ nodes: input.nodes.map(makeNode), pods: (input.pods ?? []).map(makePod) });
  }

  /** Schedules the pods against the current snapshot, records the plan and applies what verification accepts. */
  schedule(pods: readonly (PodSpecInput | Pod)[], options?: SchedulerOptionsInput): ScheduleResult {
    const pending = pods.map((pod) => ('kind' in pod ? pod : makePod(pod)));
    const result = schedule(this.snapshot, pending, options);
    const verified = verifyPlacements(this.snapshot, result.placements);
    this.plans.push({ result, verified });
    this.snapshot = withPlacements(this.snapshot, verified.accepted);
    return result;
  }

  /** Where the pod was placed by any recorded plan, or undefined. */
  nodeOf(podName: string): string | undefined {
    for (const plan of this.plans) {
      const found = plan.verified.accepted.find((placement) => placement.pod.metadata?.name === podName);
      if (found !== undefined) return found.nodeName;
    }
    return undefined;
  }

  /** The unschedulable message of the pod's latest attempt, or undefined. */
  messageOf(podName: string): string | undefined {
    for (const plan of [...this.plans].reverse()) {
      const found = plan.result.unschedulable.find((entry) => entry.pod.metadata?.name === podName);
      if (found !== undefined) return found.message;
    }
    return undefined;
  }

  /** Names of the pods on the node in the current snapshot, sorted. */
  podsOn(nodeName: string): readonly string[] {
    const index = this.snapshot.nodeIndexByName.get(nodeName);
    const node = index === undefined ? undefined : this.snapshot.nodes[index];
    return (node?.pods ?? []).map((info) => info.pod.metadata?.name ?? '').sort();
  }
}
