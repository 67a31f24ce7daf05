/**
 * What controllers, schedulers and workers need from the API: the object verbs
 * and watch. OrcaClient implements it over gRPC; the leader can hand its loops an
 * in-process implementation with the same contract (same ClientError codes).
 */
import type { KindName, ObjectOfKind, OrcaObject } from '../api/index.js';

/** One object by name; namespace defaults to "default" for namespaced kinds and is ignored for the others. */
export interface ObjectRef<K extends KindName = KindName> {
  readonly kind: K;
  readonly name: string;
  readonly namespace?: string;
}

export type Consistency = 'linearizable' | 'stale';

export interface GetOptions {
  readonly consistency?: Consistency;
}

export interface ListOptions {
  /** Absent or "": every namespace. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Items per page (0: the server's maximum). */
  readonly limit?: number;
  readonly continue?: string;
  readonly consistency?: Consistency;
}

export interface ListResult<T extends OrcaObject = OrcaObject> {
  readonly items: T[];
  /** The revision the list reflects: watch from here. */
  readonly resourceVersion: string;
  /** Token for the next page; "" on the last one. */
  readonly continue: string;
}

export interface DeleteOptions {
  /** Preconditions: fail with `conflict` unless the stored object has them. */
  readonly resourceVersion?: string;
  readonly uid?: string;
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /**
   * Pods: how long the worker may take to stop the containers (unset: the
   * pod's terminationGracePeriodSeconds). A bound pod is marked and removed by
   * its worker; 0 removes it at once.
   */
  readonly gracePeriodSeconds?: number;
}

export interface DeleteResult {
  /** The object as deleted, or as marked for deletion while finalizers remain. */
  readonly object?: OrcaObject;
  /** True when the object is gone; false while it waits on finalizers. */
  readonly deleted: boolean;
}

export type TransactOperation =
  | { readonly create: OrcaObject }
  | { readonly update: OrcaObject }
  | { readonly updateStatus: OrcaObject }
  | { readonly delete: ObjectRef & DeleteOptions }
  /** Holds when the object has this resourceVersion ("" = it does not exist). */
  | { readonly check: ObjectRef & { readonly resourceVersion: string } };

export interface TransactResult {
  /** Per operation: the object after it, or undefined for a check or a completed delete. */
  readonly objects: (OrcaObject | undefined)[];
  readonly resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends OrcaObject = OrcaObject> {
  readonly type: WatchEventType;
  readonly object: T;
  readonly resourceVersion: string;
}

export interface WatchOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Events after this revision; absent: ADDED for every current object, then changes. */
  readonly resourceVersion?: string;
  /** Also yield BOOKMARK events (they always advance the resume point). */
  readonly bookmarks?: boolean;
}

/**
 * An endless stream of events that survives disconnects and master failover by
 * resuming from the last revision it saw. Iteration throws ClientError('expired')
 * when that revision is no longer kept (list again), and ends after close().
 */
export interface WatchStream<T extends OrcaObject = OrcaObject> extends AsyncIterable<WatchEvent<T>> {
  /** The revision of the last event delivered (the resume point). */
  readonly resourceVersion: string;
  close(): void;
}

export interface ObjectClient {
  create<T extends OrcaObject>(object: T, options?: { readonly dryRun?: boolean }): Promise<T>;
  get<K extends KindName>(ref: ObjectRef<K>, options?: GetOptions): Promise<ObjectOfKind<K>>;
  list<K extends KindName>(kind: K, options?: ListOptions): Promise<ListResult<ObjectOfKind<K>>>;
  /** Every page of a list, all at the first page's revision. */
  listAll<K extends KindName>(
    kind: K,
    options?: Omit<ListOptions, 'limit' | 'continue'>,
  ): Promise<ListResult<ObjectOfKind<K>>>;
  /** metadata.resourceVersion, when set, is a compare-and-swap precondition. */
  update<T extends OrcaObject>(object: T): Promise<T>;
  updateStatus<T extends OrcaObject>(object: T): Promise<T>;
  delete(ref: ObjectRef, options?: DeleteOptions): Promise<DeleteResult>;
  /** All operations or none. */
  transact(operations: readonly TransactOperation[]): Promise<TransactResult>;
  watch<K extends KindName>(kind: K, options?: WatchOptions): WatchStream<ObjectOfKind<K>>;
}
