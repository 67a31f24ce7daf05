import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkRanges, Operation } from './commands.js';
import type { JsonObject } from './json.js';
import type { CommandResult } from './state-machine.js';
import { fixedNow, keyFor, ScratchState } from './test-support.js';

function service(name: string, spec: JsonObject, namespace = 'default'): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: fixedNow },
    spec,
  };
}

const web = (extra: JsonObject = {}): JsonObject => ({
  selector: { app: 'web' },
  ports: [{ port: 80, protocol: 'TCP', targetPort: { intVal: 8080 } }],
  ...extra,
});

describe('ClusterIP and NodePort allocation in the state machine', () => {
  const scratch = new ScratchState('orca-alloc-');
  beforeEach(() => scratch.open());
  afterEach(() => scratch.close());
  const apply = (operations: Operation[], network?: NetworkRanges): CommandResult => scratch.apply(operations, network);

  function stored(name: string, namespace = 'default'): JsonObject {
    const object = scratch.state.get('Service', namespace, name);
    if (object === undefined) throw new Error(`no Service ${name}`);
    return object;
  }

  function specOf(object: JsonObject): { clusterIp?: string; clusterIps?: string[]; ports?: { nodePort?: number }[] } {
    return object['spec'] as { clusterIp?: string; clusterIps?: string[]; ports?: { nodePort?: number }[] };
  }

  function rejection(result: CommandResult): string {
    if (result.outcome !== 'rejected') throw new Error(`expected a rejection, got ${result.outcome}`);
    return `${result.code}: ${result.message}`;
  }

  it('gives every Service its own ClusterIP from the range the command carries, never twice', () => {
    const network = { serviceCidr: '10.100.0.0/24', nodePortRange: '30000-32767' };
    const seen = new Set<string>();
    for (let count = 0; count < 200; count += 1) {
      expect(apply([{ op: 'create', object: service(`s${count}`, web()) }], network).outcome).toBe('applied');
      const spec = specOf(stored(`s${count}`));
      expect(spec.clusterIp).toMatch(/^10\.100\.0\.\d+$/);
      expect(spec.clusterIps).toEqual([spec.clusterIp]);
      expect(seen.has(spec.clusterIp ?? '')).toBe(false);
      seen.add(spec.clusterIp ?? '');
    }
    // Never the network or the broadcast address.
    expect(seen.has('10.100.0.0')).toBe(false);
    expect(seen.has('10.100.0.255')).toBe(false);
  });

  it('says the range is full instead of handing out an address twice', () => {
    const network = { serviceCidr: '10.100.0.0/30', nodePortRange: '30000-32767' };
    expect(apply([{ op: 'create', object: service('a', web()) }], network).outcome).toBe('applied');
    expect(apply([{ op: 'create', object: service('b', web()) }], network).outcome).toBe('applied');
    expect(rejection(apply([{ op: 'create', object: service('c', web()) }], network))).toBe(
      'resource-exhausted: spec.clusterIP: failed to allocate a service IP: the range 10.100.0.0/30 is full',
    );
  });

  it('honours a chosen ClusterIP, refuses one outside the range or taken, and frees it on delete', () => {
    expect(apply([{ op: 'create', object: service('dns', web({ clusterIp: '10.96.0.10' })) }]).outcome).toBe('applied');
    expect(specOf(stored('dns')).clusterIp).toBe('10.96.0.10');
    expect(rejection(apply([{ op: 'create', object: service('other', web({ clusterIp: '10.96.0.10' })) }]))).toBe(
      'invalid: spec.clusterIP: invalid value "10.96.0.10": provided IP is already allocated',
    );
    expect(rejection(apply([{ op: 'create', object: service('far', web({ clusterIp: '192.168.1.1' })) }]))).toBe(
      'invalid: spec.clusterIP: invalid value "192.168.1.1": provided IP is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(scratch.state.get('Service', 'default', 'other')).toBeUndefined();
    expect(apply([{ op: 'delete', key: keyFor('Service', 'dns') }]).outcome).toBe('applied');
    expect(apply([{ op: 'create', object: service('other', web({ clusterIp: '10.96.0.10' })) }]).outcome).toBe(
      'applied',
    );
  });

  it('leaves headless and ExternalName Services without an address', () => {
    expect(apply([{ op: 'create', object: service('db', web({ clusterIp: 'None' })) }]).outcome).toBe('applied');
    expect(specOf(stored('db')).clusterIps).toEqual(['None']);
    expect(
      apply([{ op: 'create', object: service('ext', { type: 'ExternalName', externalName: 'example.com' }) }]).outcome,
    ).toBe('applied');
    expect(specOf(stored('ext')).clusterIp ?? '').toBe('');
    expect(
      rejection(
        apply([
          {
            op: 'create',
            object: service('bad', { type: 'ExternalName', externalName: 'x.example', clusterIp: '10.96.0.5' }),
          },
        ]),
      ),
    ).toMatch(/spec\.clusterIP: .*may not be set for ExternalName services/);
  });

  it('keeps the allocated values when an update leaves them out, and refuses to change the ClusterIP', () => {
    apply([{ op: 'create', object: service('web', web({ type: 'NodePort' })) }]);
    const first = specOf(stored('web'));
    expect(first.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(apply([{ op: 'update', object: service('web', web({ type: 'NodePort' })) }]).outcome).toBe('applied');
    const second = specOf(stored('web'));
    expect(second.clusterIp).toBe(first.clusterIp);
    expect(second.ports?.[0]?.nodePort).toBe(first.ports?.[0]?.nodePort);
    expect(
      rejection(apply([{ op: 'update', object: service('web', web({ type: 'NodePort', clusterIp: '10.96.0.99' })) }])),
    ).toBe('invalid: spec.clusterIP: invalid value "10.96.0.99": field is immutable');
  });

  it('allocates NodePorts for NodePort and LoadBalancer Services, refusing a taken one in the whole transaction', () => {
    apply([
      {
        op: 'create',
        object: service('a', web({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] })),
      },
    ]);
    expect(specOf(stored('a')).ports?.[0]?.nodePort).toBe(30080);
    const result = apply([
      { op: 'create', object: service('ok', web()) },
      {
        op: 'create',
        object: service('b', web({ type: 'LoadBalancer', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] })),
      },
    ]);
    expect(rejection(result)).toBe(
      'invalid: spec.ports[0].nodePort: invalid value 30080: provided port is already allocated',
    );
    // Nothing half-applied: the first create of the failed transaction is not there either.
    expect(scratch.state.get('Service', 'default', 'ok')).toBeUndefined();
    expect(
      rejection(
        apply([
          {
            op: 'create',
            object: service('c', web({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 80 }] })),
          },
        ]),
      ),
    ).toMatch(/spec\.ports\[0\]\.nodePort: invalid value 80: provided port is not in the valid range/);
    expect(
      rejection(
        apply([
          { op: 'create', object: service('d', web({ ports: [{ port: 80, protocol: 'TCP', nodePort: 30999 }] })) },
        ]),
      ),
    ).toMatch(/spec\.ports\[0\]\.nodePort: .*may not be used when `type` is 'ClusterIP'/);
  });

  it('releases NodePorts when a Service turns back into a ClusterIP Service', () => {
    apply([
      {
        op: 'create',
        object: service('a', web({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] })),
      },
    ]);
    const ip = specOf(stored('a')).clusterIp;
    expect(apply([{ op: 'update', object: service('a', web()) }]).outcome).toBe('applied');
    expect(specOf(stored('a')).clusterIp).toBe(ip);
    expect(
      apply([
        {
          op: 'create',
          object: service('b', web({ type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }] })),
        },
      ]).outcome,
    ).toBe('applied');
  });

  it('fills the allocation table of a database from before it existed', () => {
    apply([{ op: 'create', object: service('dns', web({ clusterIp: '10.96.0.10' })) }]);
    scratch.state.close();
    const database = new Database(join(scratch.directory, 'state.db'));
    database.exec('DROP TABLE allocations');
    database.close();
    scratch.reopen();
    expect(rejection(apply([{ op: 'create', object: service('again', web({ clusterIp: '10.96.0.10' })) }]))).toMatch(
      /already allocated/,
    );
  });
});

describe('Ingress checks when the write applies', () => {
  const scratch = new ScratchState('orca-ingress-');
  beforeEach(() => scratch.open());
  afterEach(() => scratch.close());
  const apply = (operations: Operation[]): CommandResult => scratch.apply(operations);
  const ingress = (name: string, host: string, path: string, port: JsonObject): JsonObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: fixedNow },
    spec: {
      rules: [{ host, http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'web', port } } }] } }],
    },
  });

  it('refuses a host and path another Ingress routes, naming it, and lets the same Ingress be updated', () => {
    expect(apply([{ op: 'create', object: ingress('a', 'shop.example', '/', { number: 80 }) }]).outcome).toBe(
      'applied',
    );
    expect(apply([{ op: 'update', object: ingress('a', 'shop.example', '/', { number: 81 }) }]).outcome).toBe(
      'applied',
    );
    const result = apply([{ op: 'create', object: ingress('b', 'Shop.Example', '/', { number: 80 }) }]);
    expect(result.outcome === 'rejected' && result.message).toBe(
      'spec.rules[0].http.paths[0]: invalid value "/": host "shop.example" and path "/" (Prefix) are already routed by ingress default/a',
    );
    expect(apply([{ op: 'create', object: ingress('c', 'shop.example', '/api', { number: 80 }) }]).outcome).toBe(
      'applied',
    );
  });

  it('refuses a port name the Service does not have, and takes one for a Service not created yet', () => {
    expect(apply([{ op: 'create', object: ingress('early', 'a.example', '/', { name: 'http' }) }]).outcome).toBe(
      'applied',
    );
    apply([{ op: 'create', object: service('web', web({ ports: [{ name: 'http', port: 80, protocol: 'TCP' }] })) }]);
    const result = apply([{ op: 'create', object: ingress('late', 'b.example', '/', { name: 'https' }) }]);
    expect(result.outcome === 'rejected' && result.message).toBe(
      'spec.rules[0].http.paths[0].backend.service.port.name: invalid value "https": service default/web has no port named "https" (it has "http")',
    );
  });
});
