/** The master process: the public surface other components and cmd/orca.ts use. */
export { defaultMasterOptions, validateMasterOptions, type MasterOptions, type MasterOptionsInput } from './config.js';
export { isMasterError, MasterError, type MasterErrorCode } from './master-error.js';
export { startMaster, type Master } from './master.js';
export { LeaderTasks, type LeaderTask, type LeaderTaskContext, type TaskOperation, type TaskWriteResult } from './leader-tasks.js';
export { clientConfigPath, masterOptionsFromFlags, runMasterCommand, writeClientConfig, type MasterFlags } from './run-master-command.js';
export { leaderMetadataKey } from './grpc-status.js';
