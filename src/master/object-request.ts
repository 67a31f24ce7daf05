/**
 * The one shape of a request between the adapters (gRPC handlers, the leader's
 * in-process client, later the Kubernetes REST API and the dashboard) and the
 * object core. Adapters convert their own shapes to these at their edge and
 * nowhere else; the core turns them into the state machine's operations.
 */
import type { OrcaObject } from '../api/index.js';

/** One object by name. Namespace "" means "default" for namespaced kinds; cluster-scoped kinds ignore it. */
export interface ObjectName {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface ObjectDeletion extends ObjectName {
  /** Precondition: the stored object has this resourceVersion (absent or "": none). */
  readonly resourceVersion?: string;
  /** Precondition: the stored object has this uid (absent or "": none). */
  readonly uid?: string;
  /** Background (also absent or ""), Foreground or Orphan. */
  readonly propagationPolicy?: string;
  /** Pods: the worker's time to stop the containers (absent: the pod's own, else 30). */
  readonly gracePeriodSeconds?: number;
}

export interface ObjectCheck extends ObjectName {
  /** Holds when the stored object has this resourceVersion ("" = it does not exist). */
  readonly resourceVersion: string;
}

/** One operation of a transaction (or a single write). */
export type ObjectOperation =
  | { readonly create: OrcaObject }
  | { readonly update: OrcaObject }
  | { readonly updateStatus: OrcaObject }
  | { readonly delete: ObjectDeletion }
  | { readonly check: ObjectCheck };

export type Consistency =
  /** Reflects every write acknowledged before the read started (a read barrier first). */
  | 'linearizable'
  /** This master's replica as it is (a follower may lag; the leader has applied all it acknowledged). */
  | 'local';

export interface ObjectQuery {
  readonly kind: string;
  /** "" or absent: every namespace. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Items per page (0 or absent: the state's maximum). */
  readonly limit?: number;
  readonly continue?: string;
}

export interface ObjectWatchQuery extends Omit<ObjectQuery, 'limit' | 'continue'> {
  /** Events after this revision; absent: the current objects first, then every change after them. */
  readonly fromRevision?: number;
}
