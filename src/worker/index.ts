// The public surface of the worker. cmd/ and cluster-test/ import from here.
export {
  runWorkerCommand,
  startWorkerFromFlags,
  workerAddresses,
  type StartedWorker,
  type WorkerFlags,
  type WorkerNetworkContext,
} from './run-worker-command.js';
export {
  identityFiles,
  loadNodeIdentity,
  obtainNodeIdentity,
  saveNodeIdentity,
  startNodeCertificateRenewal,
  type NodeIdentity,
  type NodeRenewalOptions,
  type ObtainIdentityOptions,
} from './node-identity.js';
export {
  ServiceAccountVolumes,
  serviceAccountMountPath,
  serviceAccountVolumeDefaults,
  type ServiceAccountTokenIssuer,
} from './volumes/service-account-volume.js';
export {
  Worker,
  workerDefaults,
  validateWorkerOptions,
  defaultHostIp,
  leaseNamespace,
  workerEndpointAnnotation,
  type PodNetwork,
  type WorkerOptions,
} from './worker.js';
export type { PodDns } from './pod-manager.js';
export { cniDefaults, type CniConfigOptions } from './runtime/cri/cni-config.js';
export { WorkerService, parseCriLogLines, masterRefusal, mastersOrganization } from './worker-service.js';
export { WorkerError, WorkerErrorCode, isWorkerError } from './worker-error.js';
export {
  runtimeLabels,
  type Runtime,
  type RuntimeName,
  type ContainerInfo,
  type SandboxInfo,
} from './runtime/runtime.js';
export { CriRuntime } from './runtime/cri/cri-runtime.js';
export { SimRuntime } from './runtime/sim/sim-runtime.js';
export {
  ProcessRuntime,
  processRuntimeDefaults,
  type ProcessRuntimeOptions,
} from './runtime/process/process-runtime.js';
export { planPodSync } from './pod-sync/plan-pod-sync.js';
