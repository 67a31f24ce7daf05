import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import {
  createdObject,
  desiredStateChanged,
  markedForDeletionObject,
  selectableFields,
  statusUpdatedObject,
  updatedObject,
} from './object-rules.js';
import { configMap, pod } from './test-support.js';

function metadata(object: JsonObject): JsonObject {
  return object['metadata'] as JsonObject;
}

describe('object rules', () => {
  it('treat spec as the desired state when there is one, regardless of key order', () => {
    expect(desiredStateChanged(pod('p', { a: 1, b: 2 }), pod('p', { b: 2, a: 1 }))).toBe(false);
    expect(desiredStateChanged(pod('p', { a: 1 }), pod('p', { a: 2 }))).toBe(true);
    expect(desiredStateChanged(pod('p', { a: 1 }, { phase: 'x' }), pod('p', { a: 1 }, { phase: 'y' }))).toBe(false);
    expect(desiredStateChanged(configMap('c', { x: '1' }), configMap('c', { x: '2' }))).toBe(true);
    expect(desiredStateChanged(configMap('c', { x: '1' }), configMap('c', { x: '1' }, { labels: { a: 'b' } }))).toBe(
      false,
    );
  });

  it('create drops deletion marks and an empty namespace', () => {
    const given = configMap('c', {}, { namespace: '' });
    metadata(given)['deletionTimestamp'] = '2025-01-01T00:00:00Z';
    const created = createdObject(given, 4);
    expect(metadata(created)).not.toHaveProperty('deletionTimestamp');
    expect(metadata(created)).not.toHaveProperty('namespace');
    expect(metadata(created)['resourceVersion']).toBe('4');
  });

  it('update cannot set status or deletion marks; updateStatus cannot change spec', () => {
    const stored = createdObject(pod('p', { a: 1 }), 1);
    const attempt = pod('p', { a: 1 }, { phase: 'Hacked' });
    metadata(attempt)['deletionTimestamp'] = '2025-01-01T00:00:00Z';
    const updated = updatedObject(stored, attempt, 2);
    expect(updated).not.toHaveProperty('status');
    expect(metadata(updated)).not.toHaveProperty('deletionTimestamp');
    const statusUpdated = statusUpdatedObject(stored, pod('p', { a: 9 }, { phase: 'Running' }), 3);
    expect(statusUpdated['spec']).toEqual({ a: 1 });
    expect(statusUpdated['status']).toEqual({ phase: 'Running' });
  });

  it('marking for deletion sets the timestamp from the command and moves generation', () => {
    const stored = createdObject(configMap('c', {}, { finalizers: ['f'] }), 1);
    const marked = markedForDeletionObject(stored, '2025-06-01T00:00:00Z', 2);
    expect(metadata(marked)).toMatchObject({
      deletionTimestamp: '2025-06-01T00:00:00Z',
      deletionGracePeriodSeconds: 0,
      generation: 2,
      resourceVersion: '2',
    });
  });

  it('exposes the field-selector fields Kubernetes offers', () => {
    expect(selectableFields(pod('p', { nodeName: 'n1' }, { phase: 'Running' }))).toEqual({
      'metadata.name': 'p',
      'metadata.namespace': 'default',
      'spec.nodeName': 'n1',
      'status.phase': 'Running',
    });
  });

  it("exposes a Secret's type, so a list with type=kubernetes.io/tls filters in the state", () => {
    const secret: JsonObject = {
      kind: 'Secret',
      metadata: { name: 'web-tls', namespace: 'default', resourceVersion: '1' },
      type: 'kubernetes.io/tls',
    };
    expect(selectableFields(secret)).toEqual({
      'metadata.name': 'web-tls',
      'metadata.namespace': 'default',
      type: 'kubernetes.io/tls',
    });
    expect(selectableFields(configMap('c', {}))).not.toHaveProperty('type');
  });
});
