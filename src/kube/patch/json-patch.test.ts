import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.js';
import { isPatchError, patchLimits, type PatchErrorCode } from './errors.js';
import type { Json } from './json.js';

function pod(): Json {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', labels: { app: 'web' } },
    spec: { containers: [{ name: 'a', image: 'nginx:1' }] },
  };
}

describe('applyJsonPatch', () => {
  const cases: { name: string; patch: unknown[]; expected: Json }[] = [
    {
      name: 'replace a nested value',
      patch: [{ op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' }],
      expected: { ...pod(), spec: { containers: [{ name: 'a', image: 'nginx:2' }] } },
    },
    {
      name: 'add to the end of a list with -',
      patch: [{ op: 'add', path: '/spec/containers/-', value: { name: 'b', image: 'busybox' } }],
      expected: {
        ...pod(),
        spec: {
          containers: [
            { name: 'a', image: 'nginx:1' },
            { name: 'b', image: 'busybox' },
          ],
        },
      },
    },
    {
      name: 'remove a label, with ~1 escaping a slash in the key',
      patch: [
        { op: 'add', path: '/metadata/labels/example.com~1tier', value: 'front' },
        { op: 'remove', path: '/metadata/labels/app' },
      ],
      expected: { ...pod(), metadata: { name: 'p', labels: { 'example.com/tier': 'front' } } },
    },
    {
      name: 'a passing test, then move and copy',
      patch: [
        { op: 'test', path: '/metadata/name', value: 'p' },
        { op: 'copy', from: '/metadata/labels', path: '/metadata/annotations' },
        { op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/role' },
      ],
      expected: { ...pod(), metadata: { name: 'p', labels: { role: 'web' }, annotations: { app: 'web' } } },
    },
  ];

  it.each(cases)('$name', ({ patch, expected }) => {
    expect(applyJsonPatch(pod(), patch)).toEqual(expected);
  });

  it('changes neither the object nor the patch', () => {
    const live = pod();
    const patch = [
      { op: 'add', path: '/metadata/annotations', value: { a: '1' } },
      { op: 'add', path: '/metadata/annotations/b', value: '2' },
    ];
    const patchCopy = structuredClone(patch);
    applyJsonPatch(live, patch);
    expect(live).toEqual(pod());
    expect(patch).toEqual(patchCopy);
  });

  const failures: { name: string; patch: unknown; code: PatchErrorCode; message: string }[] = [
    {
      name: 'a failing test names its index and path',
      patch: [
        { op: 'replace', path: '/metadata/name', value: 'q' },
        { op: 'test', path: '/spec/containers/0/image', value: 'nginx:9' },
      ],
      code: 'test-failed',
      message:
        'json patch operation 1 (test /spec/containers/0/image) failed: the value at /spec/containers/0/image is not "nginx:9"',
    },
    {
      name: 'removing a missing key',
      patch: [{ op: 'remove', path: '/metadata/annotations' }],
      code: 'unprocessable',
      message: 'json patch operation 0 (remove /metadata/annotations) failed: /metadata/annotations does not exist',
    },
    {
      name: 'replacing a missing key',
      patch: [{ op: 'replace', path: '/spec/replicas', value: 1 }],
      code: 'unprocessable',
      message: '/spec/replicas does not exist',
    },
    {
      name: 'adding under a missing parent',
      patch: [{ op: 'add', path: '/status/phase/x', value: 1 }],
      code: 'unprocessable',
      message: 'json patch operation 0 (add /status/phase/x) failed',
    },
    {
      name: 'an index past the end of a list',
      patch: [{ op: 'add', path: '/spec/containers/5', value: {} }],
      code: 'unprocessable',
      message: '/spec/containers/5 is past the end of its list',
    },
    {
      name: 'copying from a missing path',
      patch: [{ op: 'copy', from: '/nothing', path: '/x' }],
      code: 'unprocessable',
      message: 'from /nothing does not exist',
    },
    {
      name: 'an unknown op',
      patch: [{ op: 'merge', path: '/a' }],
      code: 'invalid-patch',
      message: 'unknown op "merge"',
    },
    {
      name: 'an op without its value',
      patch: [{ op: 'add', path: '/a' }],
      code: 'invalid-patch',
      message: 'json patch operation 0 (add /a): missing value',
    },
    {
      name: 'a path that is not a pointer',
      patch: [{ op: 'remove', path: 'a' }],
      code: 'invalid-patch',
      message: 'JSON pointer',
    },
    {
      name: 'a patch that is not a list',
      patch: { op: 'add' },
      code: 'invalid-patch',
      message: 'JSON array of operations',
    },
    {
      name: 'too many operations',
      patch: Array.from({ length: patchLimits.jsonPatchOperationsMax + 1 }, () => ({
        op: 'test',
        path: '',
        value: {},
      })),
      code: 'too-large',
      message: `The allowed maximum operations in a JSON patch is ${patchLimits.jsonPatchOperationsMax}`,
    },
    {
      name: 'copies that would double the object past the size limit',
      patch: [
        { op: 'add', path: '/big', value: Array.from({ length: 1000 }, (_, index) => index) },
        ...Array.from({ length: 20 }, (_, index) => ({ op: 'copy', from: '', path: `/c${index}` })),
      ],
      code: 'too-large',
      message: 'grows the object past',
    },
  ];

  it.each(failures)('$name → $code', ({ patch, code, message }) => {
    let caught: unknown;
    try {
      applyJsonPatch(pod(), patch);
    } catch (error: unknown) {
      caught = error;
    }
    expect(isPatchError(caught) && caught.code).toBe(code);
    expect((caught as Error).message).toContain(message);
  });

  it('refuses to reach the prototype', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }])).toThrow();
    expect(({} as Json)['polluted']).toBeUndefined();
  });
});
