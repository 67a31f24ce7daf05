/** Orca's replicated state machine: the surface the master uses. */
export type { ChangeEvent, ChangePosition, ChangeType } from './change-event.js';
export {
  commandBytesMax,
  commandVersion,
  decodeCommand,
  encodeCommand,
  gracePeriodSecondsMax,
  objectBytesMax,
  operationsMax,
  type CheckOperation,
  type Command,
  type CreateOperation,
  type DeleteOperation,
  type ObjectKey,
  type Operation,
  type NetworkRanges,
  type TransactionCommand,
  type UpdateOperation,
  type UpdateStatusOperation,
} from './commands.js';
export { defaultNetworkRanges, nodePortRange, serviceIpRange, formatIpv4, parseIpv4 } from './service-allocation.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';
export { listLimitMax, type ListOptions, type ListResult } from './list-pages.js';
export { isStateError, StateError, type RejectionReason, type StateErrorCode } from './state-error.js';
export {
  defaultStateMachineOptions,
  StateMachine,
  validateStateMachineOptions,
  type CommandResult,
  type StateMachineOptions,
} from './state-machine.js';
export type { StateSnapshot } from './state-snapshot.js';
export type { OperationResult } from './transaction.js';
export {
  defaultWatchLimits,
  WatchHub,
  type ChangeSource,
  type Watch,
  type WatchLimits,
  type WatchOptions,
} from './watch-hub.js';
