/** Edges of one master: an expired watch window, watches ended on close, the HTTP port, the version service. */
import { credentials, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Object__Output } from '../gen/orca/v1/Object.js';
import type { VersionInfo__Output } from '../gen/orca/v1/VersionInfo.js';
import { orcaVersion } from '../version.js';
import type { Master } from './master.js';
import { call, TestMasters, waitFor } from './test-support.js';
import { versionWire } from './wire.js';

let masters: TestMasters;
let master: Master;

beforeAll(async () => {
  masters = new TestMasters();
  master = await masters.start('edge', { bootstrap: true, changeLogCountMax: 5, http: '127.0.0.1:0' });
  await waitFor('the master to lead', 5000, () => (master.node.state === 'leader' ? true : undefined));
});

afterAll(async () => {
  await masters.close();
});

async function create(name: string): Promise<Object__Output> {
  const { objects } = masters.clientsOf(master);
  return call<object, Object__Output>(objects.Create.bind(objects), {
    object: { configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } },
  });
}

describe('one master at its edges', () => {
  it('refuses a watch from a revision older than the kept window with OUT_OF_RANGE', async () => {
    for (let index = 0; index < 12; index += 1) await create(`churn-${index}`);
    const { objects } = masters.clientsOf(master);
    const stream = objects.Watch({ kind: 'ConfigMap', resourceVersion: '1' });
    const error = await new Promise<{ code: number; details: string }>((resolve) => stream.on('error', resolve));
    expect(error.code).toBe(status.OUT_OF_RANGE);
    expect(error.details).toMatch(/list again/);
  });

  it('serves /readyz and /metrics with API request counts on the HTTP port', async () => {
    await create('counted');
    const base = `http://${master.httpAddress ?? ''}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/orca_api_requests_total\{method="Create",code="OK"\} \d+/);
    expect(metrics).toMatch(/orca_raft_proposal_duration_seconds_count \d+/);
  });

  it('answers GetVersion', async () => {
    const client = new (versionWire().VersionService)(master.address, credentials.createInsecure());
    try {
      const version = await call<object, VersionInfo__Output>(client.GetVersion.bind(client), {});
      expect(version.version).toBe(orcaVersion);
    } finally {
      client.close();
    }
  });

  it('ends open watches with UNAVAILABLE when it closes', async () => {
    const { objects } = masters.clientsOf(master);
    const stream = objects.Watch({ kind: 'ConfigMap', namespace: 'default' });
    let added = 0;
    stream.on('data', () => {
      added += 1;
    });
    const ended = new Promise<{ code: number }>((resolve) => stream.on('error', resolve));
    await waitFor('the initial events', 3000, () => (added > 0 ? true : undefined));
    await masters.stop(master.name);
    expect((await ended).code).toBe(status.UNAVAILABLE);
  });
});
