/**
 * A real in-process master for controller loop tests, the controllers under test
 * running against it through an OrcaClient, and a stand-in kubelet that marks
 * pods Running and Ready (no scheduler or worker runs in these tests).
 */
import { OrcaClient, type ObjectClient } from '../../src/client/index.js';
import type { Pod } from '../../src/api/index.js';
import { runController, type ControllerDefinition } from '../../src/controllers/runtime/run-controller.js';
import { TestMasters } from '../../src/master/test-support.js';

export { waitFor } from '../../src/master/test-support.js';

export interface Harness {
  readonly client: OrcaClient;
  /** Runs these controllers until close(). */
  run(definitions: readonly ControllerDefinition[], clock?: () => number): void;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const masters = new TestMasters();
  const master = await masters.start('m1', { bootstrap: true });
  await masters.leader();
  const client = new OrcaClient({ servers: [master.address], operationDeadlineMs: 10_000 });
  const stop = new AbortController();
  const loops: Promise<void>[] = [];
  return {
    client,
    run(definitions, clock) {
      for (const definition of definitions) {
        loops.push(
          runController({
            client,
            signal: stop.signal,
            definition,
            resyncMs: 2_000,
            ...(clock === undefined ? {} : { now: clock }),
            onError: (name, key, error) =>
              console.error(`${name} ${key}: ${error instanceof Error ? error.message : String(error)}`),
          }),
        );
      }
    },
    async close() {
      stop.abort();
      await Promise.allSettled(loops);
      client.close();
      await masters.close();
    },
  };
}

export type PodVerdict = 'ready' | 'failed' | 'succeeded' | 'pending';

/** Plays kubelet: every new pod gets the status `decide` picks, once. */
export function fakeKubelet(
  client: ObjectClient,
  signal: AbortSignal,
  decide: (pod: Pod) => PodVerdict = () => 'ready',
): Promise<void> {
  const watch = client.watch('Pod', {});
  signal.addEventListener('abort', () => watch.close(), { once: true });
  return (async () => {
    for await (const event of watch) {
      if (
        event.type === 'DELETED' ||
        event.type === 'BOOKMARK' ||
        !['', 'Pending'].includes(event.object.status?.phase ?? '')
      )
        continue;
      const verdict = decide(event.object);
      if (verdict === 'pending') continue;
      await client.updateStatus({ ...event.object, status: podStatus(verdict) }).catch(() => undefined);
    }
  })();
}

export function podStatus(verdict: Exclude<PodVerdict, 'pending'>): Pod['status'] {
  const now = new Date().toISOString();
  if (verdict === 'ready')
    return { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] };
  return {
    phase: verdict === 'failed' ? 'Failed' : 'Succeeded',
    conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: now }],
  };
}
