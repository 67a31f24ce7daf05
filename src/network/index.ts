// The data path on each worker: pod routes, the service proxy, cluster DNS and the ingress proxy.
export {
  MemoryNetworkSource,
  filteredSource,
  type NetworkChange,
  type NetworkKind,
  type NetworkSource,
} from './network-source.js';
export { InformerNetworkSource, networkKinds } from './informer-source.js';
export { NetworkError, isNetworkError, type NetworkErrorCode } from './network-error.js';
export {
  NodeNetwork,
  nodeNetworkDefaults,
  dnsServiceName,
  dnsServiceNamespace,
  type NodeNetworkOptions,
} from './node-network.js';
export { nodeNetworkOptionsFromFlags, type NodeNetworkFlags } from './node-network-flags.js';
export {
  desiredPodRoutes,
  diffPodRoutes,
  KernelRouteTable,
  podRouteProtocol,
  syncPodRoutes,
  type PodRoute,
  type RouteTable,
} from './routes/pod-routes.js';
