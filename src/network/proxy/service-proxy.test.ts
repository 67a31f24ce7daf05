import { describe, expect, it } from 'vitest';
import { MemoryNetworkSource } from '../network-source.js';
import { serviceChainName } from './chain-names.js';
import { RecordingNftExecutor } from './nft-executor.js';
import { isNetworkError } from '../network-error.js';
import { shardOf, shardsMax } from './proxy-tables.js';
import { renderDeleteTables } from './render-script.js';
import type { ProgrammedEvent } from './service-proxy-options.js';
import { ServiceProxy } from './service-proxy.js';
import { endpoints, service, webEndpoints, webService } from './test-fixtures.js';

const webChain = serviceChainName('service', { namespace: 'default', name: 'web', protocol: 'tcp', portName: 'http' });

function setup(options: { synced?: boolean; servicesMax?: number; coalesceMs?: number } = {}) {
  const source = new MemoryNetworkSource({ synced: options.synced ?? true });
  const executor = new RecordingNftExecutor();
  const events: ProgrammedEvent[] = [];
  const proxy = new ServiceProxy({
    source,
    executor,
    nodeName: 'node-a',
    nodeIps: ['192.168.50.1'],
    clusterCidr: '10.244.0.0/16',
    tableName: 'orca-proxy-test',
    shards: 4,
    coalesceMs: options.coalesceMs ?? 5,
    retryMinMs: 5,
    ...(options.servicesMax === undefined ? {} : { servicesMax: options.servicesMax }),
    onProgrammed: (event) => events.push(event),
  });
  return { source, executor, proxy, events };
}

async function waitFor(condition: () => boolean, deadlineMs = 2_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const isFull = (script: string | undefined): boolean =>
  script?.startsWith('add table ip orca-proxy-test\ndelete table') ?? false;
const webTable = `ip orca-proxy-test-${shardOf('default/web', 4)}`;

describe('ServiceProxy', () => {
  it('waits for the source to sync, then programs everything in one full sync', async () => {
    const { source, executor, proxy } = setup({ synced: false });
    source.put(webService(), webEndpoints(['10.244.1.5']));
    const started = proxy.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(executor.scripts).toEqual([]);
    source.markSynced();
    await started;
    expect(executor.scripts).toHaveLength(1);
    expect(isFull(executor.last)).toBe(true);
    expect(executor.last).toContain('dnat to 10.244.1.5:8080');
    expect(proxy.stats()).toMatchObject({ fullSyncs: 1, syncs: 1, services: 1 });
    await proxy.stop();
  });

  it('an endpoint change becomes one incremental transaction touching only that Service', async () => {
    const { source, executor, proxy, events } = setup();
    source.put(webService(), webEndpoints(['10.244.1.5', '10.244.2.7']));
    source.put(
      service('api', { clusterIp: '10.96.0.20', ports: [{ name: 'http', port: 80 }] }),
      endpoints('api', [{ ready: ['10.244.5.5'], ports: [{ name: 'http', port: 80 }] }]),
    );
    await proxy.start();
    source.put(webEndpoints(['10.244.2.7']));
    await proxy.programmed();
    expect(executor.scripts).toHaveLength(2);
    const script = executor.last ?? '';
    expect(script.startsWith(`flush chain ${webTable} ${webChain}\n`)).toBe(true);
    expect(script).not.toContain('10.244.1.5');
    expect(script).not.toContain('api');
    expect(events.map((event) => event.kind)).toEqual(['full', 'incremental']);
    expect(proxy.stats().lastIncrementalMs).toBeGreaterThanOrEqual(0);
    await proxy.stop();
  });

  it('coalesces changes that arrive together, and skips nft when nothing changed', async () => {
    const { source, executor, proxy } = setup({ coalesceMs: 20 });
    source.put(webService(), webEndpoints(['10.244.1.5']));
    await proxy.start();
    source.put(webEndpoints(['10.244.1.6']));
    source.put(webEndpoints(['10.244.1.7']));
    source.put(service('api', { clusterIp: '10.96.0.20', ports: [{ name: 'http', port: 80 }] }));
    await proxy.programmed();
    expect(executor.scripts).toHaveLength(2);
    expect(executor.last).toContain('dnat to 10.244.1.7:8080');
    expect(executor.last).not.toContain('10.244.1.6');
    source.put(webEndpoints(['10.244.1.7']));
    await proxy.programmed();
    expect(executor.scripts).toHaveLength(2);
    await proxy.stop();
  });

  it('falls back to a full sync when an incremental transaction fails', async () => {
    const { source, executor, proxy } = setup();
    source.put(webService(), webEndpoints(['10.244.1.5']));
    await proxy.start();
    executor.failNext();
    source.put(webEndpoints(['10.244.1.6']));
    await proxy.programmed();
    expect(executor.scripts).toHaveLength(3);
    expect(isFull(executor.scripts[1])).toBe(false);
    expect(isFull(executor.scripts[2])).toBe(true);
    expect(executor.scripts[2]).toContain('dnat to 10.244.1.6:8080');
    expect(proxy.stats()).toMatchObject({ failures: 1, fullSyncs: 2 });
    await proxy.stop();
  });

  it('a failed first full sync rejects start and is retried until it works', async () => {
    const { source, executor, proxy } = setup();
    source.put(webService(), webEndpoints(['10.244.1.5']));
    executor.failNext(2);
    const error = await proxy.start().catch((caught: unknown) => caught);
    expect(isNetworkError(error, 'nft')).toBe(true);
    await proxy.programmed();
    expect(executor.scripts).toHaveLength(3);
    expect(executor.scripts.every(isFull)).toBe(true);
    await proxy.stop();
  });

  it('programs at most servicesMax Services and takes the next one in when room frees up', async () => {
    const { source, proxy } = setup({ servicesMax: 2 });
    for (const [index, name] of ['a', 'b', 'c'].entries()) {
      source.put(service(name, { clusterIp: `10.96.0.${index + 1}`, ports: [{ name: 'http', port: 80 }] }));
    }
    await proxy.start();
    expect(proxy.stats()).toMatchObject({ services: 2, skippedServices: 1 });
    source.remove('Service', 'default', 'a');
    await proxy.programmed();
    await waitFor(() => proxy.stats().skippedServices === 0);
    expect(proxy.stats().services).toBe(2);
    await proxy.stop();
  });

  it('stop removes the table and rejects later waits', async () => {
    const { source, executor, proxy } = setup();
    source.put(webService(), webEndpoints(['10.244.1.5']));
    await proxy.start();
    await proxy.stop();
    expect(executor.last).toBe(renderDeleteTables('orca-proxy-test'));
    expect(executor.last).toContain(`delete table ip orca-proxy-test-${shardsMax - 1}\n`);
    expect(executor.closed).toBe(1);
    const error = await proxy.programmed().catch((caught: unknown) => caught);
    expect(isNetworkError(error, 'closed')).toBe(true);
    source.put(webEndpoints(['10.244.1.6']));
    expect(executor.scripts).toHaveLength(2);
  });

  it('refuses invalid options, naming the field', () => {
    expect(
      () =>
        new ServiceProxy({
          source: new MemoryNetworkSource(),
          executor: new RecordingNftExecutor(),
          nodeName: 'n',
          nodeIps: ['x'],
          clusterCidr: '10.0.0.0/33',
        }),
    ).toThrow(/nodeIps: "x".*clusterCidr: "10.0.0.0\/33"/);
  });
});
