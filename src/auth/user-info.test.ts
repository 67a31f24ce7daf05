import { describe, expect, it } from 'vitest';

import {
  nodeUser,
  parseNodeUser,
  parseServiceAccountUser,
  serviceAccountUser,
  systemAuthenticated,
  systemNodes,
} from './user-info.js';

describe('service account identities', () => {
  it('have the user name and groups Kubernetes gives them', () => {
    expect(serviceAccountUser('build', 'ci')).toEqual({
      name: 'system:serviceaccount:build:ci',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:build', systemAuthenticated],
    });
  });

  it('parse back to namespace and name, and only well-formed names do', () => {
    expect(parseServiceAccountUser('system:serviceaccount:build:ci')).toEqual({ namespace: 'build', name: 'ci' });
    expect(parseServiceAccountUser('system:serviceaccount:build')).toBeUndefined();
    expect(parseServiceAccountUser('system:serviceaccount::ci')).toBeUndefined();
    expect(parseServiceAccountUser('system:serviceaccount:build:')).toBeUndefined();
    expect(parseServiceAccountUser('system:serviceaccount:a:b:c')).toBeUndefined();
    expect(parseServiceAccountUser('build:ci')).toBeUndefined();
  });
});

describe('node identities', () => {
  it('need both the system:node: name and the system:nodes group', () => {
    expect(parseNodeUser(nodeUser('w1'))).toBe('w1');
    expect(parseNodeUser({ name: 'system:node:w1', groups: [systemAuthenticated] })).toBeUndefined();
    expect(parseNodeUser({ name: 'w1', groups: [systemNodes] })).toBeUndefined();
    expect(parseNodeUser({ name: 'system:node:', groups: [systemNodes] })).toBeUndefined();
  });
});
