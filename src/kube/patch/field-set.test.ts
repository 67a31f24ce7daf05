import { describe, expect, it } from 'vitest';
import { FieldSet, keyElement, parsePathElement, pathString, serializePathElement, type Path } from './field-set.js';

const field = (name: string) => ({ field: name });
const containers: Path = [field('spec'), field('containers')];
const web: Path = [...containers, keyElement([['name', 'web']])];

describe('FieldSet', () => {
  it('writes FieldsV1 with `.` for a node that is a member and has children, sorted as Kubernetes sorts', () => {
    const set = FieldSet.fromPaths([
      [...web, field('image')],
      web,
      [field('metadata'), field('labels'), field('app')],
      [...containers, keyElement([['name', 'api']])],
      [field('metadata'), field('finalizers'), { value: 'b' }],
      [field('metadata'), field('finalizers'), { value: 'a' }],
    ]);
    const fieldsV1 = set.toFieldsV1();
    expect(JSON.stringify(fieldsV1)).toBe(
      JSON.stringify({
        'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} }, 'f:labels': { 'f:app': {} } },
        'f:spec': { 'f:containers': { 'k:{"name":"api"}': {}, 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } },
      }),
    );
    expect(FieldSet.fromFieldsV1(fieldsV1).equals(set)).toBe(true);
  });

  it('sorts key and number elements by value, as structured-merge-diff does', () => {
    const ports = [80, 443, 8080].map((port) => [
      field('ports'),
      keyElement([
        ['protocol', 'TCP'],
        ['containerPort', port],
      ]),
    ]);
    expect(Object.keys(FieldSet.fromPaths(ports).toFieldsV1()['f:ports'] as object)).toEqual([
      'k:{"containerPort":80,"protocol":"TCP"}',
      'k:{"containerPort":443,"protocol":"TCP"}',
      'k:{"containerPort":8080,"protocol":"TCP"}',
    ]);
  });

  it('unions, intersects and subtracts path by path, and recursively under a member', () => {
    const a = FieldSet.fromPaths([web, [...web, field('image')], [field('spec'), field('replicas')]]);
    const b = FieldSet.fromPaths([web, [field('spec'), field('paused')]]);
    expect(a.intersection(b).paths().map(pathString)).toEqual(['.spec.containers[name="web"]']);
    expect(a.difference(b).paths().map(pathString)).toEqual(['.spec.replicas', '.spec.containers[name="web"].image']);
    expect(a.recursiveDifference(b).paths().map(pathString)).toEqual(['.spec.replicas']);
    expect(a.union(b).paths()).toHaveLength(4);
    expect(a.has([...web, field('image')])).toBe(true);
    expect(a.has(containers)).toBe(false);
  });

  it('round-trips every kind of path element', () => {
    for (const text of ['f:name', 'k:{"name":"x","port":80}', 'v:"a"', 'v:3', 'i:2']) {
      expect(serializePathElement(parsePathElement(text))).toBe(text);
    }
    expect(serializePathElement(parsePathElement('k:{"port":80,"name":"x"}'))).toBe('k:{"name":"x","port":80}');
  });

  it.each(['x', 'q:1', 'k:[1]', 'v:{bad', 'i:-1'])('refuses the path element %s', (text) => {
    expect(() => parsePathElement(text)).toThrow('invalid managedFields');
  });

  it('refuses FieldsV1 that is not a tree of objects', () => {
    expect(() => FieldSet.fromFieldsV1({ 'f:a': 1 })).toThrow('invalid managedFields');
    expect(() => FieldSet.fromFieldsV1([])).toThrow('invalid managedFields');
  });
});
