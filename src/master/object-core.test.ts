/**
 * The object core is the one write path: every adapter answers a failure with
 * the same meaning, the authorization seam sees every operation before anything
 * is proposed, a fenced write is recognised by its typed reason, and a delete
 * means the same inside a transaction as on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Node, Pod } from '../api/index.js';
import { ClientError, OrcaClient, toClientError } from '../client/index.js';
import { StateError } from '../state/index.js';
import { grpcStatusOf } from './grpc-status.js';
import { clientCodeOf, toLeaderClientError } from './leader-client.js';
import type { Master } from './master.js';
import { ObjectCore, type AccessRequest } from './object-core.js';
import { ObjectError, toObjectError, type ObjectErrorCode } from './object-error.js';
import { TestMasters, waitFor } from './test-support.js';

describe("the core's error codes at the two edges", () => {
  const codes = Object.keys(clientCodeOf) as ObjectErrorCode[];
  // Where the in-process path knows more than a status can say.
  const sharper: Partial<Record<ObjectErrorCode, string>> = {
    uncertain: 'uncertain',
    closed: 'closed',
    fenced: 'unavailable',
  };

  it('mean the same to the leader client as to a gRPC client of the gRPC adapter', () => {
    for (const code of codes) {
      const remote = toClientError({ code: grpcStatusOf[code], details: 'x' }).code;
      expect({ code, client: clientCodeOf[code] }).toEqual({ code, client: sharper[code] ?? remote });
    }
  });

  it('recognise a fenced write by its typed reason, not by its message', () => {
    expect(toObjectError(new StateError('precondition-failed', 'any words', 'fenced')).code).toBe('fenced');
    expect(toObjectError(new StateError('precondition-failed', 'fenced: but no reason')).code).toBe(
      'precondition-failed',
    );
    const fenced = toLeaderClientError(new StateError('precondition-failed', 'stale term', 'fenced'));
    expect(fenced).toBeInstanceOf(ClientError);
    expect({ code: fenced.code, notSent: fenced.notSent }).toEqual({ code: 'unavailable', notSent: true });
    expect(grpcStatusOf[toObjectError(new StateError('precondition-failed', 'stale term', 'fenced')).code]).toBe(
      grpcStatusOf['precondition-failed'],
    );
  });
});

describe('the object core on a master', () => {
  const masters = new TestMasters();
  let master: Master;
  let client: OrcaClient;

  beforeAll(async () => {
    master = await masters.start('core', { bootstrap: true });
    await waitFor('the master to lead', 5000, () => (master.node.state === 'leader' ? true : undefined));
    client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 3_000 });
  });
  afterAll(async () => {
    client.close();
    await masters.close();
  });

  const configMap = (name: string): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default' },
    data: { a: '1' },
  });

  it('asks authorize once per operation before proposing (and before a watch starts), and a refusal writes nothing', async () => {
    const asked: AccessRequest[] = [];
    const core = new ObjectCore({
      state: master.state,
      writer: master.writer,
      reads: { linearizable: async () => undefined },
      cipher: { openObject: (object) => object },
      authorize: (request) => {
        asked.push(request);
        if (request.name === 'refused') throw new ObjectError('invalid', 'refused by policy');
      },
    });
    const caller = { name: 'dev', groups: ['devs'] };
    await core.transact(
      [
        { create: configMap('allowed') },
        { check: { kind: 'ConfigMap', namespace: '', name: 'absent', resourceVersion: '' } },
      ],
      { caller },
    );
    expect(asked.map((request) => `${request.verb} ${request.kind} ${request.name}`)).toEqual([
      'create ConfigMap allowed',
      'check ConfigMap absent',
    ]);
    const refused = await core
      .transact([{ create: configMap('other') }, { create: configMap('refused') }], { caller })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'invalid', message: 'operations[1]: refused by policy' });
    expect(master.state.get('ConfigMap', 'default', 'other')).toBeUndefined();
    const { watch } = await core.watch({ kind: 'ConfigMap', namespace: 'default' }, { consistency: 'local', caller });
    watch.close();
    expect(asked.every((request) => request.user === caller)).toBe(true);
    expect(asked.at(-1)).toMatchObject({ verb: 'watch', kind: 'ConfigMap', namespace: 'default', name: '' });
  });

  it('deletes a bound pod gracefully and adds a propagation finalizer inside a gRPC transaction, as Delete does', async () => {
    const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} };
    await client.create(node);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p1' },
      spec: { nodeName: 'n1', terminationGracePeriodSeconds: 7, containers: [{ name: 'c', image: 'i' }] },
    };
    await client.create(pod);
    await client.create(configMap('owner'));
    const result = await client.transact([
      { delete: { kind: 'Pod', name: 'p1' } },
      { delete: { kind: 'ConfigMap', name: 'owner', propagationPolicy: 'Orphan' } },
    ]);
    expect(result.objects[0]?.metadata?.deletionGracePeriodSeconds).toBe(7);
    expect(result.objects[1]?.metadata?.finalizers).toEqual(['orphan']);
  });
});
