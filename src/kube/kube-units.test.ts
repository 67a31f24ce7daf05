import { describe, expect, it } from 'vitest';
import { ObjectError } from '../master/index.js';
import { aggregatedDiscovery, groupList, resourceList, findGroupVersion } from './discovery.js';
import { parseAccept } from './http-io.js';
import { parseResourcePath } from './request.js';
import { KubeError, statusOf } from './status.js';
import { toTable } from './table.js';
import { resourceAt } from './resources.js';
import { decodeBody } from './convert.js';

describe('the REST path grammar', () => {
  it('reads namespaced, cluster-scoped and subresource paths', () => {
    const pod = parseResourcePath('/api/v1/namespaces/web/pods/p1/log');
    expect(pod).toMatchObject({ namespace: 'web', name: 'p1', subresource: 'log' });
    expect(pod?.resource.kind).toBe('Pod');
    expect(parseResourcePath('/apis/apps/v1/deployments')).toMatchObject({ namespace: '', name: '' });
    const namespace = parseResourcePath('/api/v1/namespaces/web');
    expect(namespace?.resource.kind).toBe('Namespace');
    expect(namespace?.name).toBe('web');
    expect(parseResourcePath('/api/v1/namespaces/web/status')).toMatchObject({ name: 'web', subresource: 'status' });
    expect(parseResourcePath('/api')).toBeUndefined();
    expect(parseResourcePath('/apis/apps')).toBeUndefined();
  });

  it('answers NotFound for a resource it does not serve', () => {
    expect(() => parseResourcePath('/apis/apps/v1/widgets')).toThrow(KubeError);
    expect(() => parseResourcePath('/apis/apps/v2/deployments')).toThrow(/could not find/);
  });
});

describe('Accept', () => {
  it('reads kubectl get’s Table preference and its fallback', () => {
    expect(
      parseAccept(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      ),
    ).toEqual({ table: 'v1', aggregated: undefined, json: true });
    expect(parseAccept(undefined).json).toBe(true);
    expect(parseAccept('application/vnd.kubernetes.protobuf').json).toBe(false);
    expect(
      parseAccept('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json').aggregated,
    ).toBe('v2');
  });
});

describe('Status', () => {
  it('speaks kubectl’s words for the core’s errors', () => {
    const notFound = statusOf(new ObjectError('not-found', 'Deployment default/web not found'), {
      group: 'apps',
      resource: 'deployments',
      name: 'web',
    });
    expect(notFound.code).toBe(404);
    expect(notFound.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      message: 'deployments.apps "web" not found',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    const invalid = statusOf(
      new ObjectError('invalid', 'bad', '', [{ path: 'spec.replicas', message: 'must be at least 0' }]),
      { group: 'apps', resource: 'deployments', name: 'web' },
    );
    expect(invalid.code).toBe(422);
    expect(invalid.body).toMatchObject({
      reason: 'Invalid',
      details: { causes: [{ field: 'spec.replicas', reason: 'FieldValueInvalid' }] },
    });
    expect(statusOf(new ObjectError('forbidden', 'no')).code).toBe(403);
    expect(statusOf(new ObjectError('expired', 'old')).body['reason']).toBe('Expired');
    const internal = statusOf(new Error('boom'));
    expect(internal.code).toBe(500);
    expect(JSON.stringify(internal.body)).not.toContain('at ');
  });
});

describe('discovery', () => {
  it('lists every group, and every resource with verbs and short names', () => {
    const groups = (groupList()['groups'] as { name: string }[]).map((group) => group.name);
    expect(groups).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'rbac.authorization.k8s.io',
        'authorization.k8s.io',
      ]),
    );
    const apps = findGroupVersion('apps', 'v1');
    expect(apps).toBeDefined();
    const list = resourceList(apps!)['resources'] as { name: string; shortNames?: string[]; categories?: string[] }[];
    expect(list.find((entry) => entry.name === 'deployments')).toMatchObject({
      shortNames: ['deploy'],
      categories: ['all'],
    });
    expect(list.map((entry) => entry.name)).toContain('deployments/scale');
    const aggregated = aggregatedDiscovery(true, 'v2');
    expect(aggregated['kind']).toBe('APIGroupDiscoveryList');
  });
});

describe('tables', () => {
  it('has NAME first, the CLI’s columns and the wide ones at priority 1', () => {
    const resource = resourceAt('', 'v1', 'pods')!;
    const table = toTable(
      resource,
      [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'd', creationTimestamp: '2026-01-01T00:00:00Z' },
          status: { phase: 'Running' },
        },
      ],
      { include: 'Metadata', version: 'v1', resourceVersion: '7', now: Date.parse('2026-01-01T00:01:00Z') },
    );
    const columns = table['columnDefinitions'] as { name: string; priority: number }[];
    expect(columns[0]).toMatchObject({ name: 'Name', priority: 0 });
    expect(columns.some((column) => column.priority === 1)).toBe(true);
    const [row] = table['rows'] as { cells: string[]; object: { kind: string } }[];
    expect(row?.cells[0]).toBe('p');
    expect(row?.cells).toContain('60s');
    expect(row?.object.kind).toBe('PartialObjectMetadata');
  });
});

describe('bodies', () => {
  const configMaps = resourceAt('', 'v1', 'configmaps')!;
  it('fills in the URL’s kind, refuses another, and drops unknown fields unless Strict', () => {
    expect(decodeBody({ metadata: { name: 'x' }, data: { a: 'b' } }, configMaps, 'Strict').object.kind).toBe(
      'ConfigMap',
    );
    expect(() => decodeBody({ kind: 'Secret', apiVersion: 'v1' }, configMaps, 'Warn')).toThrow(/Secret/);
    expect(() => decodeBody({ metadata: { name: 'x' }, bogus: 1 }, configMaps, 'Strict')).toThrow(
      'strict decoding error: unknown field "bogus"',
    );
    const warned = decodeBody({ metadata: { name: 'x' }, bogus: 1 }, configMaps, 'Warn');
    expect(warned.warnings).toEqual(['unknown field "bogus"']);
  });
});
