/** The master process: the public surface other components and cmd/orca.ts use. */
export { defaultMasterOptions, validateMasterOptions, type MasterOptions, type MasterOptionsInput } from './config.js';
export { isMasterError, MasterError, type MasterErrorCode } from './master-error.js';
export { startMaster, type Master } from './master.js';
export { LeaderTasks, type LeaderTask, type LeaderTaskContext } from './leader-tasks.js';
export {
  allowEverything,
  ObjectCore,
  type AccessRequest,
  type AccessVerb,
  type Authorize,
  type CreateOptions,
  type DeleteOutcome,
  type ListOutcome,
  type ObjectCoreOptions,
  type ReadOptions,
  type TransactOutcome,
  type WatchStart,
  type WatchStartOptions,
  type WriteFence,
  type WriteOptions,
} from './object-core.js';
export { isObjectError, ObjectError, type ObjectErrorCode } from './object-error.js';
export type {
  Consistency,
  ObjectCheck,
  ObjectDeletion,
  ObjectName,
  ObjectOperation,
  ObjectQuery,
  ObjectWatchQuery,
} from './object-request.js';
export {
  clientConfigPath,
  masterOptionsFromFlags,
  runMasterCommand,
  writeClientConfig,
  type MasterFlags,
} from './run-master-command.js';
export { leaderMetadataKey } from './grpc-status.js';
export {
  httpAuthenticate,
  httpCall,
  type HttpBackend,
  type HttpExtension,
  type HttpExtensionFactory,
} from './http-extension.js';
export type { PodSession, PodStreams, PodStreamSubresource } from './pod-proxy.js';
export { translate as selectWatchEvent } from './watch-stream.js';
export { parseSelection, type Selection } from './object-selection.js';
export type { RoutedCore } from './object-service.js';
