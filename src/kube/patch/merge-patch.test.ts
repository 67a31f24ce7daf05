import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch.js';
import type { Json } from './json.js';

describe('applyMergePatch (RFC 7386)', () => {
  const live = (): Json => ({
    metadata: { name: 'd', labels: { app: 'web', tier: 'front' } },
    spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b' }] } } },
  });

  const cases: { name: string; patch: Json; expected: Json }[] = [
    {
      name: 'objects merge, null deletes',
      patch: { metadata: { labels: { tier: null, zone: 'a' } } },
      expected: { ...live(), metadata: { name: 'd', labels: { app: 'web', zone: 'a' } } },
    },
    {
      name: 'a list is replaced whole, even a list Kubernetes would merge by name',
      patch: { spec: { template: { spec: { containers: [{ name: 'a', image: 'nginx:2' }] } } } },
      expected: {
        ...live(),
        spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'nginx:2' }] } } },
      },
    },
    {
      name: 'an object replaces a scalar, and nulls inside a new object are dropped',
      patch: { spec: { replicas: { odd: true, gone: null } } },
      expected: {
        ...live(),
        spec: {
          replicas: { odd: true },
          template: { spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b' }] } },
        },
      },
    },
    {
      name: 'deleting a missing key changes nothing',
      patch: { status: null },
      expected: live(),
    },
  ];

  it.each(cases)('$name', ({ patch, expected }) => {
    expect(applyMergePatch(live(), patch)).toEqual(expected);
  });

  it('changes neither input', () => {
    const target = live();
    const patch = { spec: { template: { spec: { containers: [{ name: 'x' }] } } } };
    const result = applyMergePatch(target, patch);
    ((result['spec'] as Json)['template'] as Json)['changed'] = true;
    expect(target).toEqual(live());
    expect(patch).toEqual({ spec: { template: { spec: { containers: [{ name: 'x' }] } } } });
  });

  it('refuses a patch that is not an object, as Kubernetes does', () => {
    expect(() => applyMergePatch(live(), [1, 2])).toThrow('a merge patch must be a JSON object');
    expect(() => applyMergePatch(live(), 'x')).toThrow('a merge patch must be a JSON object');
  });
});
