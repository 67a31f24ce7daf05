// The cluster controllers: defaults, node lifecycle, garbage collection, namespace deletion, Endpoints and load-balancer status,
// each a keyed reconcile run by the one controller runtime (src/controllers/runtime).
import type { OrcaObject } from '../../api/index.js';
import type { ObjectClient } from '../../client/index.js';
import { runController, type ControllerDefinition } from '../runtime/run-controller.js';
import { clusterDefaultsController } from './cluster-defaults.js';
import { defaultServiceAccountsController } from './service-accounts.js';
import { tokenCleanerController } from './token-cleaner.js';
import { endpointsController } from './endpoints.js';
import { garbageCollectorController } from './garbage-collector.js';
import { loadBalancerStatusController } from './load-balancer-status.js';
import { namespaceDeletionController } from './namespace-deletion.js';
import { nodeLifecycleController } from './node-lifecycle.js';

export {
  clusterDefaultObjects,
  clusterDefaultsController,
  defaultClassAnnotation,
  defaultIngressClassName,
  dnsServiceName,
  dnsServiceNamespace,
  ingressControllerName,
  systemNamespaces,
} from './cluster-defaults.js';
export {
  desiredEndpoints,
  endpointsController,
  endpointsMatch,
  managedByLabel,
  podsByLabel,
  servicesBySelector,
} from './endpoints.js';
export {
  collectedKinds,
  decideGarbage,
  foregroundFinalizer,
  garbageCollectorController,
  orphanFinalizer,
  type GarbageAction,
  type GarbageCollectorSettings,
} from './garbage-collector.js';
export {
  balancerAddresses,
  loadBalancerStatusController,
  servesIngress,
  servicesByType,
} from './load-balancer-status.js';
export {
  decideNamespace,
  namespaceDeletionController,
  namespaceFinalizer,
  type NamespaceDeletionSettings,
  type NamespaceStep,
} from './namespace-deletion.js';
export {
  decideNodeLifecycle,
  hasUnreachableTaint,
  leaseNamespace,
  nodeLifecycleController,
  podsByNode,
  recoveredNode,
  unreachableNode,
  unreachableTaintKey,
  type LeaseObservation,
  type NodeLifecycleDecision,
  type NodeLifecycleInput,
  type NodeLifecycleSettings,
} from './node-lifecycle.js';
export { tolerates, tolerationMs } from './tolerations.js';

export interface ClusterController {
  readonly name: string;
  run(client: ObjectClient, signal: AbortSignal): Promise<void>;
}

export interface ClusterControllerSettings {
  readonly nodeGraceMs: number;
  readonly evictionMs: number;
  /** The kube-dns Service's ClusterIP; without it the cluster-defaults controller does not run. */
  readonly dnsServiceIp?: string;
  /** More default objects for cluster-defaults to keep, asked afresh at each leadership. */
  readonly extraDefaults?: () => readonly OrcaObject[];
  readonly now?: () => number;
  readonly onError?: (controller: string, key: string, error: unknown) => void;
}

interface ClusterEntry {
  /** A fresh definition per run: a definition may hold what this leader has observed (the node lifecycle's lease sightings). */
  readonly definition: () => ControllerDefinition;
  readonly resyncMs?: number;
}

function entries(settings: ClusterControllerSettings): ClusterEntry[] {
  const dnsServiceIp = settings.dnsServiceIp;
  const defaults: ClusterEntry[] =
    dnsServiceIp === undefined
      ? []
      : [{ definition: () => clusterDefaultsController(dnsServiceIp, settings.extraDefaults?.() ?? []) }];
  return [
    ...defaults,
    { definition: () => defaultServiceAccountsController },
    { definition: () => tokenCleanerController },
    {
      definition: () => nodeLifecycleController({ nodeGraceMs: settings.nodeGraceMs, evictionMs: settings.evictionMs }),
      resyncMs: Math.max(1000, settings.nodeGraceMs / 2),
    },
    { definition: () => garbageCollectorController() },
    { definition: () => namespaceDeletionController() },
    { definition: () => endpointsController },
    { definition: () => loadBalancerStatusController },
  ];
}

export function clusterControllers(settings: ClusterControllerSettings): ClusterController[] {
  return entries(settings).map((entry) => ({
    name: entry.definition().name,
    run: (client, signal) =>
      runController({
        client,
        signal,
        definition: entry.definition(),
        ...(entry.resyncMs === undefined ? {} : { resyncMs: entry.resyncMs }),
        ...(settings.now === undefined ? {} : { now: settings.now }),
        ...(settings.onError === undefined ? {} : { onError: settings.onError }),
      }),
  }));
}
