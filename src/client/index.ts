// The public surface of the client SDK. Other components import from here.
export {
  ClientError,
  isClientError,
  toClientError,
  leaderHintOf,
  type ClientErrorCode,
  type ClientErrorDetails,
} from './errors.js';
export { defaultClientOptions, isServerAddress, validateClientOptions, type ClientOptions } from './client-options.js';
export { backoffDelayMs, type BackoffPolicy } from './backoff.js';
export type {
  Consistency,
  DeleteOptions,
  DeleteResult,
  GetOptions,
  ListOptions,
  ListResult,
  ObjectClient,
  ObjectRef,
  TransactOperation,
  TransactResult,
  WatchEvent,
  WatchEventType,
  WatchOptions,
  WatchStream,
} from './object-client.js';
export {
  execCollectBytesMax,
  type ExecOptions,
  type ExecResult,
  type LogsOptions,
  type PodRef,
} from './pod-streams.js';
export { OrcaClient, type ClusterMembers, type Member } from './orca-client.js';
export { Informer, informerDefaults, objectKey, type InformerHandlers, type InformerOptions } from './informer.js';
export { containsFields } from './wire-helpers.js';
export {
  adminClientConfig,
  base64Of,
  clientConfigLimits,
  clientTlsMaterial,
  clientConfigPath,
  emptyClientConfig,
  insecureClientConfig,
  parseClientConfig,
  pemOf,
  writeClientConfig,
  type ClientConfig,
  type ClientConfigCluster,
  type ClientConfigContext,
  type ClientConfigUser,
  type NamedCluster,
  type NamedContext,
  type NamedUser,
} from './client-config-file.js';
export { Wakeup } from './wakeup.js';
export {
  validateWorkQueueOptions,
  WorkQueue,
  workQueueDefaults,
  type WorkQueueHooks,
  type WorkQueueOptions,
} from './work-queue.js';
export { caHashOf, fetchPinnedCa, TlsIdentity, type TlsMaterial } from './tls.js';
export { startCertificateRenewal, type CertificateRenewalOptions } from './certificate-renewal.js';
export {
  certificateSummary,
  createKeyAndCsr,
  joinCluster,
  renewalTime,
  type CertificateSummary,
  type JoinedIdentity,
  type JoinOptions,
} from './join.js';
export { kubeconfigText, writeKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
