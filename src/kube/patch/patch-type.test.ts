import { describe, expect, it } from 'vitest';
import { applyPatch, contentTypeToPatchType, parsePatchBody } from './patch-type.js';
import { patchLimits } from './errors.js';

describe('patch types', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json; charset=utf-8', 'strategic'],
    ['Application/Apply-Patch+YAML', 'apply'],
  ])('%s is a %s patch', (contentType, type) => {
    expect(contentTypeToPatchType(contentType)).toBe(type);
  });

  it('refuses another content type with Kubernetes message', () => {
    expect(() => contentTypeToPatchType('application/json')).toThrow(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
    );
    expect(() => contentTypeToPatchType(undefined)).toThrow('unknown format');
  });

  it('parses an apply body as YAML 1.1 (octal modes, timestamps as strings) or JSON', () => {
    const yaml =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    at: 2024-01-01T00:00:00Z\nmode: 0644\n';
    expect(parsePatchBody('apply', yaml)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', annotations: { at: '2024-01-01T00:00:00Z' } },
      mode: 420,
    });
    expect(parsePatchBody('apply', '{"kind":"ConfigMap"}')).toEqual({ kind: 'ConfigMap' });
  });

  it.each([
    ['a list', '- a\n- b\n', 'must be an object'],
    ['two documents', 'a: 1\n---\nb: 2\n', 'one document'],
    ['broken YAML', 'a: [1\n', 'error decoding YAML'],
    ['a repeated key', 'a: 1\na: 2\n', 'error decoding YAML'],
  ])('refuses an apply body that is %s', (_name, body, message) => {
    expect(() => parsePatchBody('apply', body)).toThrow(message);
  });

  it('refuses a JSON body that does not parse, and a body over the size limit', () => {
    expect(() => parsePatchBody('merge', '{"a":')).toThrow('the patch is not valid JSON');
    expect(() => parsePatchBody('json', ' '.repeat(patchLimits.bodyBytesMax + 1))).toThrow('larger than');
  });

  it('applies each patch type to an object', () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    expect(applyPatch('json', configMap, [{ op: 'add', path: '/data/b', value: '2' }], 'ConfigMap')['data']).toEqual({
      a: '1',
      b: '2',
    });
    expect(applyPatch('merge', configMap, { data: { a: null } }, 'ConfigMap')['data']).toEqual({});
    expect(applyPatch('strategic', configMap, { data: { c: '3' } }, 'ConfigMap')['data']).toEqual({ a: '1', c: '3' });
  });
});
