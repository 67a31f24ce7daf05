// The public surface of the ingress proxy: the I/O shell (IngressProxy), the
// pure routing core it is built on, the status helpers the worker writes
// Ingress status with, and the benchmark against nginx.
export { IngressProxy, statusForBackend, type BoundAddress, type IngressProxyStats } from './ingress-proxy.js';
export {
  ingressProxyDefaults,
  resolveIngressProxyOptions,
  type IngressLogger,
  type IngressProxyOptions,
  type ListenAddress,
  type ResolvedIngressProxyOptions,
} from './ingress-proxy-options.js';
export {
  compareIngressAge,
  defaultClassAnnotation,
  ingressControllerName,
  isIngressOurs,
  legacyClassAnnotation,
  ourIngresses,
  type ObjectRef,
} from './ingress-class.js';
export {
  buildRoutingTable,
  emptyRoutingTable,
  route,
  routingLimits,
  tableBackends,
  type HostRoutes,
  type PathRoute,
  type RouteMatch,
  type RoutingConflict,
  type RoutingSource,
  type RoutingTable,
} from './routing-table.js';
export {
  readyTargets,
  resolveBackend,
  type BackendSource,
  type BackendState,
  type BackendTarget,
  type RouteBackend,
} from './backend-resolve.js';
export { normalizeHost } from './host-match.js';
export { isPathType, normalizeRulePath, pathMatches, requestPath, type PathType } from './path-match.js';
export {
  buildTlsTable,
  emptyTlsTable,
  tlsEntryFor,
  tlsSecretType,
  type SecretSource,
  type TlsEntry,
  type TlsTable,
} from './tls-table.js';
export {
  defaultCertificateCommonName,
  generateDefaultCertificate,
  generateSelfSignedCertificate,
  type CertificatePem,
  type SelfSignedOptions,
} from './default-certificate.js';
export { ingressLoadBalancerStatus, ingressesServed, type LoadBalancerIngressEntry } from './ingress-status.js';
export { benchIngress, type BenchNumbers, type IngressBenchOptions, type IngressBenchResult } from './ingress-bench.js';
