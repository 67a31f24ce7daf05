import { describe, expect, it } from 'vitest';

import { describeDenial, type RequestAttributes } from './attributes.js';

const dev = { name: 'dev', groups: [] };

function request(overrides: Partial<RequestAttributes>): RequestAttributes {
  return {
    user: dev,
    verb: 'get',
    apiGroup: '',
    resource: 'pods',
    subresource: '',
    namespace: '',
    name: '',
    ...overrides,
  };
}

describe('describeDenial', () => {
  it('names user, verb, resource and namespace', () => {
    expect(describeDenial(request({ verb: 'list', resource: 'secrets', namespace: 'prod' }))).toBe(
      'user "dev" cannot list secrets in namespace "prod"',
    );
  });

  it('names the subresource and, when set, the object', () => {
    expect(describeDenial(request({ subresource: 'log', namespace: 'prod' }))).toBe(
      'user "dev" cannot get pods/log in namespace "prod"',
    );
    expect(describeDenial(request({ subresource: 'log', namespace: 'prod', name: 'web-1' }))).toBe(
      'user "dev" cannot get pods/log "web-1" in namespace "prod"',
    );
  });

  it('says "at the cluster scope" without a namespace', () => {
    expect(describeDenial(request({ verb: 'delete', resource: 'nodes', name: 'w1' }))).toBe(
      'user "dev" cannot delete nodes "w1" at the cluster scope',
    );
  });

  it('names a non-core API group, and a non-resource path', () => {
    expect(
      describeDenial(
        request({
          verb: 'update',
          apiGroup: 'apps',
          resource: 'deployments',
          subresource: 'scale',
          namespace: 'prod',
          name: 'web',
        }),
      ),
    ).toBe('user "dev" cannot update deployments/scale "web" in API group "apps" in namespace "prod"');
    expect(describeDenial(request({ resource: '', path: '/metrics' }))).toBe('user "dev" cannot get path "/metrics"');
  });
});
