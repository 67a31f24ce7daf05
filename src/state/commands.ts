/**
 * The command format carried in a log entry's data: versioned UTF-8 JSON.
 *
 * Command types are append-only: a replica must apply every entry ever written,
 * so a type, once released, keeps its meaning forever; new behaviour gets a new
 * type or a new optional field. Everything that varies between replicas (the
 * time, uids, generated names) is decided by the master before proposing and
 * travels inside the command, so every replica applies the same bytes the same way.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { StateError } from './state-error.js';

export const commandVersion = 1;

/** Operations per transaction: bounds one entry's apply time and change-log rows. */
export const operationsMax = 1024;
/** Serialized size of one object (Kubernetes' etcd request limit is about 1.5 MiB). */
export const objectBytesMax = 1_572_864;
/** Serialized size of a whole command. */
export const commandBytesMax = 8 * 1024 * 1024;
/** A pod's deletion grace period at most (Kubernetes has no bound; a year is more than any shutdown). */
export const gracePeriodSecondsMax = 365 * 24 * 3600;

/** Identifies an object: namespace is '' for cluster-scoped kinds. */
export interface ObjectKey {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Create a new object. uid, creationTimestamp and any generated name are already in it. */
export interface CreateOperation {
  readonly op: 'create';
  readonly object: JsonObject;
}

/** Replace spec and metadata; status is kept from the stored object (Kubernetes semantics). */
export interface UpdateOperation {
  readonly op: 'update';
  readonly object: JsonObject;
  /** Compare-and-swap: fail with `conflict` unless the stored resourceVersion is this one. */
  readonly expectedResourceVersion?: string;
}

/** Replace only status, taken from the given object. */
export interface UpdateStatusOperation {
  readonly op: 'updateStatus';
  readonly object: JsonObject;
  readonly expectedResourceVersion?: string;
}

/** Delete, or with finalizers present, mark for deletion (deletionTimestamp = the command's now). */
export interface DeleteOperation {
  readonly op: 'delete';
  readonly key: ObjectKey;
  readonly expectedResourceVersion?: string;
  readonly expectedUid?: string;
  /**
   * Pods bound to a node only (appended to the command format): above 0, the
   * pod is marked (deletionTimestamp = now + this, deletionGracePeriodSeconds =
   * this) instead of removed, and its worker removes it once its containers are
   * stopped; an existing mark is only ever shortened. Ignored for other objects.
   */
  readonly gracePeriodSeconds?: number;
}

/** Read-set validation: the object exists with this resourceVersion, or (null) does not exist. */
export interface CheckOperation {
  readonly op: 'check';
  readonly key: ObjectKey;
  readonly resourceVersion: string | null;
}

export type Operation = CreateOperation | UpdateOperation | UpdateStatusOperation | DeleteOperation | CheckOperation;

/** All operations apply, or none does. */
export interface TransactionCommand {
  readonly version: typeof commandVersion;
  readonly type: 'transaction';
  /** RFC 3339, chosen by the master before proposing. */
  readonly now: string;
  readonly operations: readonly Operation[];
  /**
   * Fencing: when set, the whole transaction is rejected unless the entry's Raft
   * term equals it, so a task of a deposed leader can never write.
   */
  readonly fenceTerm?: number;
  /**
   * The ranges ClusterIPs and NodePorts are allocated from (appended to the
   * command format): the master's configuration, carried by every command that
   * writes a Service so that replicas never depend on their own flags. Absent:
   * Kubernetes' defaults.
   */
  readonly network?: NetworkRanges;
}

/** Where a Service's addresses come from: `10.96.0.0/12`, `30000-32767`. */
export interface NetworkRanges {
  readonly serviceCidr: string;
  readonly nodePortRange: string;
}

export type Command = TransactionCommand;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeCommand(command: Command): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

/** Parse and validate; any defect is a StateError('invalid'), never a crash. */
export function decodeCommand(data: Uint8Array): Command {
  if (data.byteLength > commandBytesMax)
    throw invalid(`command is ${data.byteLength} bytes, more than ${commandBytesMax}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch (error: unknown) {
    throw invalid(`command is not UTF-8 JSON: ${String(error)}`);
  }
  if (!isJsonObject(parsed)) throw invalid('command is not a JSON object');
  if (parsed['version'] !== commandVersion)
    throw invalid(`command version ${JSON.stringify(parsed['version'])} is not ${commandVersion}`);
  if (parsed['type'] !== 'transaction') throw invalid(`unknown command type ${JSON.stringify(parsed['type'])}`);
  return decodeTransaction(parsed);
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function decodeTransaction(parsed: JsonObject): TransactionCommand {
  const now = parsed['now'];
  if (typeof now !== 'string' || !rfc3339.test(now)) throw invalid('now must be an RFC 3339 timestamp');
  const operations = parsed['operations'];
  if (!Array.isArray(operations) || operations.length === 0) throw invalid('operations must be a non-empty array');
  if (operations.length > operationsMax) throw invalid(`${operations.length} operations, more than ${operationsMax}`);
  const command: TransactionCommand = {
    version: commandVersion,
    type: 'transaction',
    now,
    operations: operations.map((raw, position) => decodeOperation(raw, position)),
  };
  const network = decodeNetwork(parsed['network']);
  const fenceTerm = parsed['fenceTerm'];
  const ranged = network === undefined ? command : { ...command, network };
  if (fenceTerm === undefined) return ranged;
  if (typeof fenceTerm !== 'number' || !Number.isSafeInteger(fenceTerm) || fenceTerm <= 0)
    throw invalid('fenceTerm must be a positive integer');
  return { ...ranged, fenceTerm };
}

function decodeNetwork(raw: JsonValue | undefined): NetworkRanges | undefined {
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw) || typeof raw['serviceCidr'] !== 'string' || typeof raw['nodePortRange'] !== 'string') {
    throw invalid('network must be an object with the strings serviceCidr and nodePortRange');
  }
  return { serviceCidr: raw['serviceCidr'], nodePortRange: raw['nodePortRange'] };
}

function decodeOperation(raw: JsonValue, position: number): Operation {
  const where = `operations[${position}]`;
  if (!isJsonObject(raw)) throw invalid(`${where} is not an object`);
  switch (raw['op']) {
    case 'create':
      return { op: 'create', object: checkObject(raw['object'], `${where}.object`, true) };
    case 'update':
    case 'updateStatus':
      return withExpected({ op: raw['op'], object: checkObject(raw['object'], `${where}.object`, false) }, raw, where);
    case 'delete':
      return decodeDelete(raw, where);
    case 'check': {
      const resourceVersion = raw['resourceVersion'];
      if (resourceVersion !== null && !isResourceVersion(resourceVersion))
        throw invalid(`${where}.resourceVersion must be a resourceVersion or null`);
      return { op: 'check', key: checkKey(raw['key'], `${where}.key`), resourceVersion };
    }
    default:
      throw invalid(`${where}.op ${JSON.stringify(raw['op'])} is unknown`);
  }
}

function decodeDelete(raw: JsonObject, where: string): DeleteOperation {
  const expectedUid = raw['expectedUid'];
  if (expectedUid !== undefined && (typeof expectedUid !== 'string' || expectedUid === ''))
    throw invalid(`${where}.expectedUid must be a non-empty string`);
  const grace = raw['gracePeriodSeconds'];
  if (
    grace !== undefined &&
    !(typeof grace === 'number' && Number.isInteger(grace) && grace >= 0 && grace <= gracePeriodSecondsMax)
  ) {
    throw invalid(`${where}.gracePeriodSeconds must be a whole number from 0 to ${gracePeriodSecondsMax}`);
  }
  const operation = withExpected({ op: 'delete' as const, key: checkKey(raw['key'], `${where}.key`) }, raw, where);
  const checked = expectedUid === undefined ? operation : { ...operation, expectedUid };
  return grace === undefined ? checked : { ...checked, gracePeriodSeconds: grace };
}

function withExpected<T extends object>(
  operation: T,
  raw: JsonObject,
  where: string,
): T & { expectedResourceVersion?: string } {
  const expected = raw['expectedResourceVersion'];
  if (expected === undefined) return operation;
  if (!isResourceVersion(expected))
    throw invalid(`${where}.expectedResourceVersion must be a positive integer as a string`);
  return { ...operation, expectedResourceVersion: expected };
}

export function isResourceVersion(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value);
}

function checkKey(raw: JsonValue | undefined, where: string): ObjectKey {
  if (!isJsonObject(raw)) throw invalid(`${where} is not an object`);
  const { kind, namespace, name } = raw;
  if (!isNonEmptyString(kind)) throw invalid(`${where}.kind must be a non-empty string`);
  if (typeof namespace !== 'string') throw invalid(`${where}.namespace must be a string ('' for cluster-scoped)`);
  if (!isNonEmptyString(name)) throw invalid(`${where}.name must be a non-empty string`);
  return { kind, namespace, name };
}

/** The shape the state machine relies on; full API validation is the master's job. */
function checkObject(raw: JsonValue | undefined, where: string, creating: boolean): JsonObject {
  if (!isJsonObject(raw)) throw invalid(`${where} is not an object`);
  if (!isNonEmptyString(raw['kind'])) throw invalid(`${where}.kind must be a non-empty string`);
  const metadata = raw['metadata'];
  if (!isJsonObject(metadata)) throw invalid(`${where}.metadata is not an object`);
  if (!isNonEmptyString(metadata['name'])) throw invalid(`${where}.metadata.name must be a non-empty string`);
  const namespace = metadata['namespace'];
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string')
    throw invalid(`${where}.metadata.namespace must be a string`);
  if (creating && !isNonEmptyString(metadata['uid']))
    throw invalid(`${where}.metadata.uid must be decided before proposing`);
  if (creating && !isNonEmptyString(metadata['creationTimestamp']))
    throw invalid(`${where}.metadata.creationTimestamp must be decided before proposing`);
  checkStringMap(metadata['labels'], `${where}.metadata.labels`);
  checkStringMap(metadata['annotations'], `${where}.metadata.annotations`);
  const finalizers = metadata['finalizers'];
  if (
    finalizers !== undefined &&
    finalizers !== null &&
    !(Array.isArray(finalizers) && finalizers.every(isNonEmptyString))
  ) {
    throw invalid(`${where}.metadata.finalizers must be an array of non-empty strings`);
  }
  const bytes = JSON.stringify(raw).length;
  if (bytes > objectBytesMax) throw invalid(`${where} is ${bytes} bytes, more than ${objectBytesMax}`);
  return raw;
}

function checkStringMap(raw: JsonValue | undefined, where: string): void {
  if (raw === undefined || raw === null) return;
  if (!isJsonObject(raw) || !Object.values(raw).every((value) => typeof value === 'string'))
    throw invalid(`${where} must map strings to strings`);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function invalid(message: string): StateError {
  return new StateError('invalid', message);
}
