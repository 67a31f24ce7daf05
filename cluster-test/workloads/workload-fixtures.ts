/**
 * Manifests and conditions the workload tests and the workers chaos scenario
 * share: a Deployment with a rolling-update strategy, "rolled out" as a user
 * would judge it from status and pods, and where its pods run.
 */
import type { Deployment, Pod, ReplicaSet } from '../../src/api/index.js';
import type { ObjectClient } from '../../src/client/index.js';
import { isActive, isReady } from '../../src/controllers/workloads/pod-state.js';
import { waitFor } from '../raft/replica-cluster.js';

export interface DeploymentShape {
  readonly name: string;
  readonly replicas: number;
  readonly image: string;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly namespace?: string;
}

export function deploymentManifest(shape: DeploymentShape): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: shape.name, namespace: shape.namespace ?? 'default' },
    spec: {
      replicas: shape.replicas,
      selector: { matchLabels: { app: shape.name } },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: { intVal: shape.maxSurge }, maxUnavailable: { intVal: shape.maxUnavailable } },
      },
      template: {
        metadata: { labels: { app: shape.name } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: shape.image }] },
      },
    },
  };
}

export function imageOf(pod: Pod): string {
  return pod.spec?.containers?.[0]?.image ?? '';
}

/** The Deployment's active pods, all ready and on `image`, exactly `replicas` of them, and its status agrees. */
export async function rolledOut(
  client: ObjectClient,
  name: string,
  image: string,
  timeoutMs: number,
  namespace = 'default',
): Promise<Pod[]> {
  let last = 'nothing read yet';
  try {
    return await waitFor(
      `Deployment ${name} rolled out on ${image}`,
      timeoutMs,
      async () => {
        const deployment = await client.get({ kind: 'Deployment', namespace, name });
        const replicas = deployment.spec?.replicas ?? 1;
        const status = deployment.status ?? {};
        const all = (await client.list('Pod', { namespace, labelSelector: `app=${name}` })).items;
        const pods = all.filter(isActive);
        const sets = (await client.list('ReplicaSet', { namespace, labelSelector: `app=${name}` })).items;
        last = describeRollout(deployment, sets, all);
        const done =
          deployment.spec?.template?.spec?.containers?.[0]?.image === image &&
          status.observedGeneration === deployment.metadata?.generation &&
          status.updatedReplicas === replicas &&
          status.availableReplicas === replicas &&
          status.replicas === replicas &&
          pods.length === replicas &&
          pods.every((pod) => isReady(pod) && imageOf(pod) === image);
        return done ? pods : undefined;
      },
      200,
    );
  } catch (error: unknown) {
    // The last state seen says where the rollout stopped.
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nlast seen:\n${last}`);
  }
}

function describeRollout(deployment: Deployment, sets: readonly ReplicaSet[], pods: readonly Pod[]): string {
  const lines = [`deployment gen ${deployment.metadata?.generation} status ${JSON.stringify(deployment.status ?? {})}`];
  for (const set of sets) {
    lines.push(
      `  rs ${set.metadata?.name} image ${set.spec?.template?.spec?.containers?.[0]?.image} spec ${set.spec?.replicas} status ${JSON.stringify(set.status ?? {})}`,
    );
  }
  for (const pod of pods) {
    lines.push(
      `  pod ${pod.metadata?.name} ${imageOf(pod)} node ${pod.spec?.nodeName ?? '-'} phase ${pod.status?.phase ?? '-'} ready ${isReady(pod)} deleting ${pod.metadata?.deletionTimestamp ?? '-'}`,
    );
  }
  return lines.join('\n');
}

/** Pods per node name. */
export function podsPerNode(pods: readonly Pod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName ?? '';
    counts.set(node, (counts.get(node) ?? 0) + 1);
  }
  return counts;
}

/** Set the Deployment's image (compare-and-swap, retried on conflict). */
export async function setImage(
  client: ObjectClient,
  name: string,
  image: string,
  namespace = 'default',
): Promise<void> {
  await waitFor(
    `image ${image} set on ${name}`,
    10_000,
    async () => {
      const current = await client.get({ kind: 'Deployment', namespace, name });
      const containers = current.spec?.template?.spec?.containers ?? [];
      const [first, ...rest] = containers;
      if (first === undefined) throw new Error(`Deployment ${name} has no container`);
      const template = {
        ...current.spec?.template,
        spec: { ...current.spec?.template?.spec, containers: [{ ...first, image }, ...rest] },
      };
      await client.update({ ...current, spec: { ...current.spec, template } });
      return true;
    },
    100,
  );
}

/** Set the Deployment's replicas (compare-and-swap, retried on conflict). */
export async function setReplicas(
  client: ObjectClient,
  name: string,
  replicas: number,
  namespace = 'default',
): Promise<void> {
  await waitFor(
    `replicas ${replicas} set on ${name}`,
    10_000,
    async () => {
      const current = await client.get({ kind: 'Deployment', namespace, name });
      await client.update({ ...current, spec: { ...current.spec, replicas } });
      return true;
    },
    100,
  );
}
