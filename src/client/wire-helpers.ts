/** Small pure conversions between the client's arguments and the request messages. */
import { kindInfo, type KindName, type OrcaObject } from '../api/index.js';
import type { Consistency as WireConsistency } from '../gen/orca/v1/Consistency.js';
import type { Consistency } from './object-client.js';
import { ClientError } from './errors.js';

/** The namespace a request carries: "default" when a namespaced kind names none, "" for cluster-scoped kinds. */
export function namespaceFor(kind: KindName, namespace: string | undefined): string {
  const info = kindInfo(kind);
  if (info === undefined) throw new ClientError('invalid', `unknown kind "${String(kind)}"`);
  if (!info.namespaced) return '';
  return namespace === undefined || namespace === '' ? 'default' : namespace;
}

export function wireConsistency(consistency: Consistency | undefined): WireConsistency {
  return consistency === 'stale' ? 'CONSISTENCY_STALE' : 'CONSISTENCY_LINEARIZABLE';
}

/** `Deployment default/web` or `Node w1`, for messages. */
export function describeRef(kind: string, namespace: string | undefined, name: string | undefined): string {
  return namespace === undefined || namespace === '' ? `${kind} ${name ?? ''}` : `${kind} ${namespace}/${name ?? ''}`;
}

export function describeObject(object: OrcaObject): string {
  return describeRef(object.kind, object.metadata?.namespace, object.metadata?.name);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/**
 * True when every field set in `sent` has the same value in `stored`. The server
 * adds defaults and its own metadata, never removes what a write set, so this
 * tells whether a write's content is in place.
 */
export function containsFields(stored: unknown, sent: unknown): boolean {
  if (isEmpty(sent)) return true;
  if (Array.isArray(sent)) {
    return (
      Array.isArray(stored) &&
      stored.length === sent.length &&
      sent.every((item, index) => containsFields(stored[index], item))
    );
  }
  if (typeof sent === 'object' && sent !== null) {
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
    const storedRecord = stored as Record<string, unknown>;
    return Object.entries(sent).every(([key, value]) => containsFields(storedRecord[key], value));
  }
  return stored === sent;
}

/** Whether the stored object holds what a create or an update wrote (labels, annotations, everything but metadata and status). */
export function holdsWrite(stored: OrcaObject, sent: OrcaObject, part: 'object' | 'status'): boolean {
  if (part === 'status')
    return containsFields((stored as { status?: unknown }).status, (sent as { status?: unknown }).status);
  const { metadata: sentMeta, status: _sentStatus, ...sentRest } = sent as OrcaObject & { status?: unknown };
  const { metadata: storedMeta, status: _storedStatus, ...storedRest } = stored as OrcaObject & { status?: unknown };
  return (
    containsFields(storedRest, sentRest) &&
    containsFields(storedMeta?.labels, sentMeta?.labels) &&
    containsFields(storedMeta?.annotations, sentMeta?.annotations)
  );
}
