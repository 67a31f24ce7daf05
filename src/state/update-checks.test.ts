import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import type { CommandResult } from './state-machine.js';
import { fixedNow, ScratchState } from './test-support.js';

function roleBinding(roleName: string, subjects: JsonObject[]): JsonObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'read-pods', namespace: 'default', uid: 'uid-read-pods', creationTimestamp: fixedNow },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects,
  };
}

const jane: JsonObject = { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' };
const builder: JsonObject = { kind: 'ServiceAccount', name: 'builder', namespace: 'default' };

function rejection(result: CommandResult): string {
  if (result.outcome !== 'rejected') throw new Error(`expected a rejection, got ${result.outcome}`);
  return `${result.code}: ${result.message}`;
}

describe('fields an update may not change, checked as the update applies', () => {
  const scratch = new ScratchState('orca-update-checks-');
  beforeEach(() => scratch.open());
  afterEach(() => scratch.close());

  it("refuses to change a binding's roleRef and keeps the stored binding", () => {
    expect(scratch.apply([{ op: 'create', object: roleBinding('pod-reader', [jane]) }]).outcome).toBe('applied');
    expect(rejection(scratch.apply([{ op: 'update', object: roleBinding('pod-admin', [jane]) }]))).toBe(
      'invalid: roleRef: cannot change roleRef',
    );
    expect(scratch.state.get('RoleBinding', 'default', 'read-pods')?.['roleRef']).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'pod-reader',
    });
  });

  it('lets the subjects of a binding change', () => {
    expect(scratch.apply([{ op: 'create', object: roleBinding('pod-reader', [jane]) }]).outcome).toBe('applied');
    expect(scratch.apply([{ op: 'update', object: roleBinding('pod-reader', [jane, builder]) }]).outcome).toBe(
      'applied',
    );
    expect(scratch.state.get('RoleBinding', 'default', 'read-pods')?.['subjects']).toEqual([jane, builder]);
  });
});
