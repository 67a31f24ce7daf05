/** Builders for log entries and objects, shared by the tests and the benchmark. */
import type { LogEntry } from '../raft/types.js';
import { encodeCommand, type ObjectKey, type Operation } from './commands.js';
import type { JsonObject } from './json.js';

export const fixedNow = '2025-01-02T03:04:05Z';

export function commandEntry(index: number, operations: readonly Operation[], now: string = fixedNow): LogEntry {
  return { index, term: 1, type: 'command', data: encodeCommand({ version: 1, type: 'transaction', now, operations }) };
}

export function rawEntry(index: number, data: Uint8Array): LogEntry {
  return { index, term: 1, type: 'command', data };
}

export function configMap(
  name: string,
  data: Record<string, string>,
  extra: { namespace?: string; labels?: Record<string, string>; finalizers?: string[] } = {},
): JsonObject {
  const metadata: JsonObject = {
    name,
    namespace: extra.namespace ?? 'default',
    uid: `uid-${name}`,
    creationTimestamp: fixedNow,
  };
  if (extra.labels !== undefined) metadata['labels'] = extra.labels;
  if (extra.finalizers !== undefined) metadata['finalizers'] = extra.finalizers;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

export function pod(name: string, spec: JsonObject, status?: JsonObject): JsonObject {
  const object: JsonObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: fixedNow },
    spec,
  };
  if (status !== undefined) object['status'] = status;
  return object;
}

export function keyFor(kind: string, name: string, namespace = 'default'): ObjectKey {
  return { kind, namespace, name };
}
