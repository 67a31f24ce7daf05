// The cluster controllers: defaults, node lifecycle, garbage collection, namespace deletion, Endpoints and load-balancer status.
import type { ObjectClient } from '../../client/index.js';
import { runClusterDefaults } from './cluster-defaults.js';
import { runEndpointsController } from './endpoints.js';
import { runGarbageCollector } from './garbage-collector.js';
import { runLoadBalancerStatus } from './load-balancer-status.js';
import { runNamespaceDeletion } from './namespace-deletion.js';
import { runNodeLifecycle } from './node-lifecycle.js';

export { ClusterControllerError, type ClusterControllerErrorCode } from './cluster-controller-error.js';
export {
  clusterDefaultObjects, defaultClassAnnotation, defaultIngressClassName, dnsServiceName, dnsServiceNamespace, ingressControllerName, runClusterDefaults, systemNamespaces,
} from './cluster-defaults.js';
export { desiredEndpoints, endpointsMatch, managedByLabel, runEndpointsController } from './endpoints.js';
export { collectedKinds, decideGarbage, foregroundFinalizer, orphanFinalizer, runGarbageCollector, type GarbageAction } from './garbage-collector.js';
export { balancerAddresses, runLoadBalancerStatus, servesIngress } from './load-balancer-status.js';
export { runLevelLoop, type LevelLoopOptions, type LoopSource } from './level-loop.js';
export { decideNamespace, namespaceFinalizer, runNamespaceDeletion, type NamespaceStep } from './namespace-deletion.js';
export {
  decideNodeLifecycle, hasUnreachableTaint, leaseNamespace, recoveredNode, runNodeLifecycle, unreachableNode, unreachableTaintKey,
  type LeaseObservation, type NodeLifecycleDecision, type NodeLifecycleInput,
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
  readonly onError?: (controller: string, error: unknown) => void;
}

export function clusterControllers(settings: ClusterControllerSettings): ClusterController[] {
  // Failures after leadership ended are expected (the client refuses): not worth a report.
  const reporter = (signal: AbortSignal) => (controller: string, error: unknown): void => {
    if (!signal.aborted) settings.onError?.(controller, error);
  };
  const dnsServiceIp = settings.dnsServiceIp;
  const defaults: ClusterController[] = dnsServiceIp === undefined ? [] : [
    { name: 'cluster-defaults', run: (client, signal) => runClusterDefaults({ client, signal, dnsServiceIp, onError: reporter(signal) }) },
  ];
  return [
    ...defaults,
    {
      name: 'node-lifecycle',
      run: (client, signal) => runNodeLifecycle({ client, signal, nodeGraceMs: settings.nodeGraceMs, evictionMs: settings.evictionMs, onError: reporter(signal) }),
    },
    { name: 'garbage-collector', run: (client, signal) => runGarbageCollector({ client, signal, onError: reporter(signal) }) },
    { name: 'namespace-deletion', run: (client, signal) => runNamespaceDeletion({ client, signal, onError: reporter(signal) }) },
    { name: 'endpoints', run: (client, signal) => runEndpointsController({ client, signal, onError: reporter(signal) }) },
    { name: 'load-balancer-status', run: (client, signal) => runLoadBalancerStatus({ client, signal, onError: reporter(signal) }) },
  ];
}
