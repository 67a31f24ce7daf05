/**
 * The checker is shown to catch a broken cluster: a follower cut off by a
 * partition answers reads from its local state while claiming linearizability
 * (StaleReadProxy), after a newer write was acknowledged by the majority. The
 * verdict must be "not linearizable" with the minimal window written to a file;
 * the same history with honest linearizable reads through that follower passes.
 * Needs network namespaces (root) and dist/ (make build).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../src/api/index.js';
import { waitFor } from '../raft/replica-cluster.js';
import { ChaosMasters } from './chaos-masters.js';
import { HistoryRecorder, type HistoryEvent, type ObjectResult, type RunRecord } from './history.js';
import { canUseNamespaces } from './network.js';
import { StaleReadProxy } from './stale-read-proxy.js';
import { judgeLinearizability } from './verdicts.js';
import { resultOfError } from './workload.js';

const namespace = 'default';
const key = 'chaos-stale';
const outputDir = mkdtempSync(join(tmpdir(), 'orca-chaos-stale-'));
let cluster: ChaosMasters | undefined;

afterAll(async () => {
  await cluster?.stop();
  rmSync(outputDir, { recursive: true, force: true });
});

function configMap(value: string, resourceVersion?: string): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: key, namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    data: { value },
  };
}

/** Run and record one operation of the honest cluster. */
async function recorded(
  recorder: HistoryRecorder,
  clientId: number,
  operation: Parameters<HistoryRecorder['invoke']>[2],
  run: () => Promise<ConfigMap>,
): Promise<ObjectResult> {
  const id = recorder.invoke(clientId, key, operation);
  let result: ObjectResult;
  try {
    const object = await run();
    result = { kind: 'ok', value: object.data?.['value'] ?? null, version: object.metadata?.resourceVersion ?? '' };
  } catch (error: unknown) {
    result = resultOfError(error);
  }
  recorder.complete(id, result);
  return result;
}

function lastInvokeId(recorder: HistoryRecorder): number {
  const invokes = recorder.events.filter((event) => event.type === 'invoke');
  return invokes.at(-1)?.id ?? -1;
}

/** The history without one operation (both its events). */
function without(recorder: HistoryRecorder, id: number): HistoryEvent[] {
  return recorder.events.filter((event) => event.type === 'fault' || event.id !== id);
}

describe.skipIf(!canUseNamespaces())('the checker against a cluster broken on purpose', () => {
  it('says "not linearizable" for stale follower reads claimed as linearizable, and writes the window', async () => {
    cluster = await ChaosMasters.start({ size: 3, hosting: 'netns' });
    const leader = await waitFor('a leader', 15_000, () => cluster!.leader(), 50);
    const follower = cluster
      .masters()
      .map((master) => master.name)
      .find((name) => name !== leader)!;
    const writer = cluster.clientFor(leader);
    const recorder = new HistoryRecorder();
    const created = await recorded(recorder, 1, { op: 'create', value: 'v0' }, () => writer.create(configMap('v0')));
    expect(created.kind).toBe('ok');
    const version = created.kind === 'ok' ? created.version : '';
    await waitFor(
      'the follower to hold v0',
      10_000,
      async () => {
        const object = await cluster!
          .clientFor(follower)
          .get({ kind: 'ConfigMap', namespace, name: key }, { consistency: 'stale' })
          .catch(() => undefined);
        return object?.data?.['value'] === 'v0' ? true : undefined;
      },
      50,
    );

    await cluster.partition([
      [follower],
      cluster
        .masters()
        .map((master) => master.name)
        .filter((name) => name !== follower),
    ]);
    const updated = await recorded(recorder, 1, { op: 'update', expectedVersion: version, value: 'v1' }, () =>
      writer.update(configMap('v1', version)),
    );
    expect(updated.kind).toBe('ok');

    // Honest: a linearizable read through the cut-off follower may fail, but never answers v0.
    const honestRead = await recorded(recorder, 2, { op: 'read' }, () =>
      cluster!.clientFor(follower).get({ kind: 'ConfigMap', namespace, name: key }),
    );
    expect(honestRead.kind === 'ok' ? honestRead.value : 'no answer').not.toBe('v0');
    const honestReadId = lastInvokeId(recorder);
    // Broken: the proxy's "linearizable" read, served from the follower's stale replica.
    const staleRead = await new StaleReadProxy(cluster, follower, namespace).read(recorder, 3, key);
    expect(staleRead).toMatchObject({ kind: 'ok', value: 'v0' });
    const staleReadId = lastInvokeId(recorder);

    const honestRecord: RunRecord = {
      scenario: 'stale-read-honest',
      seed: 0,
      events: without(recorder, staleReadId),
      watches: [],
      final: null,
    };
    expect(judgeLinearizability(honestRecord, outputDir).verdict).toBe('linearizable');
    const brokenRecord: RunRecord = {
      scenario: 'stale-read-broken',
      seed: 0,
      events: without(recorder, honestReadId),
      watches: [],
      final: null,
    };
    const verdict = judgeLinearizability(brokenRecord, outputDir);
    expect(verdict.verdict).toBe('not-linearizable');
    const window = join(outputDir, `window-${key}.txt`);
    expect(existsSync(window)).toBe(true);
    expect(readFileSync(window, 'utf8')).toContain(`read(${key}) -> ok v0`);
  }, 40_000);
});
