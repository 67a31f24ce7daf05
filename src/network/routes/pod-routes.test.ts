import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Node } from '../../api/index.js';
import { desiredPodRoutes, diffPodRoutes, KernelRouteTable, syncPodRoutes } from './pod-routes.js';

function node(name: string, podCidr: string, internalIp: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: { podCidr },
    status: { addresses: [{ type: 'InternalIP', address: internalIp }] },
  };
}

describe('pod routes (host-gw)', () => {
  it("routes every other node's pod CIDR through its InternalIP, and nothing for itself or half-registered nodes", () => {
    const nodes = [
      node('w1', '10.244.1.0/24', '10.0.0.1'),
      node('w2', '10.244.2.0/24', '10.0.0.2'),
      node('w3', '', '10.0.0.3'),
      node('w4', '10.244.4.0/24', ''),
    ];
    expect(desiredPodRoutes(nodes, 'w1')).toEqual([{ cidr: '10.244.2.0/24', via: '10.0.0.2' }]);
  });

  it('changes only what differs', () => {
    const current = [
      { cidr: '10.244.2.0/24', via: '10.0.0.2' },
      { cidr: '10.244.3.0/24', via: '10.0.0.3' },
      { cidr: '10.244.5.0/24', via: '10.0.0.5' },
    ];
    const desired = [
      { cidr: '10.244.2.0/24', via: '10.0.0.2' },
      { cidr: '10.244.3.0/24', via: '10.0.0.9' },
      { cidr: '10.244.4.0/24', via: '10.0.0.4' },
    ];
    expect(diffPodRoutes(current, desired)).toEqual({
      replace: [
        { cidr: '10.244.3.0/24', via: '10.0.0.9' },
        { cidr: '10.244.4.0/24', via: '10.0.0.4' },
      ],
      remove: ['10.244.5.0/24'],
    });
  });
});

const root = process.getuid?.() === 0;
let ipWorks = false;
try {
  execFileSync('ip', ['-V'], { stdio: 'ignore' });
  ipWorks = true;
} catch {
  ipWorks = false;
}
if (!root || !ipWorks) console.log(`skipping the kernel route test: ${!root ? 'not root' : 'no ip command'}`);

describe.skipIf(!root || !ipWorks)('pod routes in a real routing table', () => {
  const netns = `orca-routes-${process.pid}`;
  const ip = (...args: string[]): string => execFileSync('ip', ['-n', netns, ...args], { encoding: 'utf8' });

  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', netns]);
    // This kernel has no dummy links: one end of a veth pair serves.
    ip('link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
    ip('link', 'set', 'd1', 'up');
    ip('addr', 'add', '10.250.0.1/24', 'dev', 'd0');
    ip('link', 'set', 'd0', 'up');
    // A route of someone else's, which must be left alone.
    ip('route', 'add', '10.251.0.0/24', 'via', '10.250.0.9');
  });
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', netns]);
  });

  it('adds, moves and removes only its own routes', async () => {
    const table = new KernelRouteTable(netns);
    await syncPodRoutes(table, [
      { cidr: '10.244.2.0/24', via: '10.250.0.2' },
      { cidr: '10.244.3.0/24', via: '10.250.0.3' },
    ]);
    expect(await table.list()).toEqual([
      { cidr: '10.244.2.0/24', via: '10.250.0.2' },
      { cidr: '10.244.3.0/24', via: '10.250.0.3' },
    ]);
    const result = await syncPodRoutes(table, [{ cidr: '10.244.3.0/24', via: '10.250.0.4' }]);
    expect(result).toEqual({ replaced: 1, removed: 1, failures: [] });
    expect(await table.list()).toEqual([{ cidr: '10.244.3.0/24', via: '10.250.0.4' }]);
    expect(ip('route', 'show', '10.251.0.0/24')).toContain('via 10.250.0.9');
  });
});
