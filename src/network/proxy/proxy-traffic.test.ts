/**
 * Real packets through the proxy's rules. Namespaces stand in for hosts:
 *
 *   pod-a 10.250.1.10 ─┐
 *   pod-b 10.250.1.11 ─┤ br0 10.250.1.1 [node: the proxy's table] vx 192.168.250.1 ── ext 192.168.250.2
 *   pod-c 10.250.1.20 ─┘
 *
 * pod-a and pod-b run busybox httpd answering their own name; pod-c and ext
 * are clients. The proxy runs as in production: its Services spread over the
 * default number of shard tables, programmed through a long-lived `nft -i`. Needs root, ip, nft and busybox; everything is removed in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNetworkSource } from '../network-source.js';
import { NftSessionExecutor } from './nft-session.js';
import { canUseNetns, createNetns, deleteNetns, mustRun, runCommand } from './scratch-netns.js';
import { ServiceProxy } from './service-proxy.js';
import { endpoints, service } from './test-fixtures.js';

async function environment(): Promise<{ ok: boolean; reason: string }> {
  const base = await canUseNetns();
  if (!base.ok) return base;
  const busybox = await runCommand('sh', ['-c', 'command -v busybox']);
  return busybox.code === 0 ? base : { ok: false, reason: 'busybox not installed' };
}
const ready = await environment();
if (!ready.ok) console.log(`proxy traffic tests skipped: ${ready.reason}`);

const prefix = `opx${process.pid % 100_000}`;
const ns = { node: `${prefix}-node`, a: `${prefix}-a`, b: `${prefix}-b`, c: `${prefix}-c`, ext: `${prefix}-ext` };
const pods = [
  { netns: ns.a, veth: 'va', ip: '10.250.1.10', name: 'backend-a' },
  { netns: ns.b, veth: 'vb', ip: '10.250.1.11', name: 'backend-b' },
  { netns: ns.c, veth: 'vc', ip: '10.250.1.20', name: 'client' },
] as const;
const nodeIp = '192.168.250.1';

const ipIn = (netns: string, ...args: string[]): Promise<string> => mustRun('ip', ['-n', netns, ...args]);
const execIn = (netns: string, ...args: string[]): Promise<string> => mustRun('ip', ['netns', 'exec', netns, ...args]);

async function buildTopology(): Promise<void> {
  for (const name of Object.values(ns)) await createNetns(name);
  await ipIn(ns.node, 'link', 'add', 'br0', 'type', 'bridge');
  await ipIn(ns.node, 'addr', 'add', '10.250.1.1/24', 'dev', 'br0');
  await ipIn(ns.node, 'link', 'set', 'br0', 'up');
  for (const pod of pods) {
    await mustRun('ip', [
      'link',
      'add',
      pod.veth,
      'netns',
      ns.node,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      pod.netns,
    ]);
    await ipIn(ns.node, 'link', 'set', pod.veth, 'master', 'br0', 'up');
    // what the CNI bridge's hairpinMode does: a pod may reach itself through a service
    await ipIn(ns.node, 'link', 'set', pod.veth, 'type', 'bridge_slave', 'hairpin', 'on');
    await ipIn(pod.netns, 'addr', 'add', `${pod.ip}/24`, 'dev', 'eth0');
    await ipIn(pod.netns, 'link', 'set', 'eth0', 'up');
    await ipIn(pod.netns, 'route', 'add', 'default', 'via', '10.250.1.1');
  }
  await mustRun('ip', ['link', 'add', 'vx', 'netns', ns.node, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.ext]);
  await ipIn(ns.node, 'addr', 'add', `${nodeIp}/24`, 'dev', 'vx');
  await ipIn(ns.node, 'link', 'set', 'vx', 'up');
  await ipIn(ns.ext, 'addr', 'add', '192.168.250.2/24', 'dev', 'eth0');
  await ipIn(ns.ext, 'link', 'set', 'eth0', 'up');
  // the node reaches ClusterIPs by its route to the service range (a default route in real life)
  await ipIn(ns.node, 'route', 'add', '10.96.0.0/16', 'dev', 'br0');
  await execIn(
    ns.node,
    'sysctl',
    '-q',
    '-w',
    'net.ipv4.ip_forward=1',
    'net.ipv4.conf.all.route_localnet=1',
    'net.bridge.bridge-nf-call-iptables=1',
  );
}

/** GET through busybox wget; `timeout` because busybox 1.35's `wget -T` crashes. */
async function get(netns: string, url: string, seconds = 5): Promise<{ ok: boolean; body: string; error: string }> {
  const result = await runCommand('ip', [
    'netns',
    'exec',
    netns,
    'timeout',
    String(seconds),
    'busybox',
    'wget',
    '-q',
    '-O',
    '-',
    url,
  ]);
  return { ok: result.code === 0, body: result.stdout.trim(), error: result.stderr.trim() };
}

async function waitUntil(what: string, condition: () => Promise<boolean>, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Bodies of up to `tries` requests, stopping once every expected body was seen. */
async function bodiesSeen(
  netns: string,
  url: string,
  expected: readonly string[],
  tries: number,
): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let attempt = 0; attempt < tries && !expected.every((body) => seen.has(body)); attempt += 1) {
    const response = await get(netns, url);
    seen.add(response.ok ? response.body : `error: ${response.error}`);
  }
  return seen;
}

describe.skipIf(!ready.ok)('service traffic through the proxy (network namespaces)', () => {
  const servers: ChildProcess[] = [];
  let folder = '';
  const source = new MemoryNetworkSource();
  let proxy: ServiceProxy | undefined;
  const backends = [pods[0], pods[1]];
  const webEndpoints = (ips: readonly string[]) =>
    endpoints('web', [{ ready: ips.map((ip) => ({ ip, nodeName: 'node-a' })), ports: [{ name: 'http', port: 8080 }] }]);

  beforeAll(async () => {
    await cleanUp();
    await buildTopology();
    folder = await mkdtemp(join(tmpdir(), 'orca-proxy-traffic-'));
    for (const backend of backends) {
      const root = join(folder, backend.name);
      await mustRun('mkdir', ['-p', root]);
      await writeFile(join(root, 'index.html'), `${backend.name}\n`);
      servers.push(
        spawn('ip', ['netns', 'exec', backend.netns, 'busybox', 'httpd', '-f', '-p', '8080', '-h', root], {
          stdio: 'ignore',
        }),
      );
      await waitUntil(`httpd in ${backend.name}`, async () => (await get(ns.node, `http://${backend.ip}:8080/`, 2)).ok);
    }
    source.put(
      service('web', {
        type: 'NodePort',
        clusterIp: '10.96.0.10',
        ports: [{ name: 'http', port: 80, targetPort: { intVal: 8080 }, nodePort: 30080 }],
      }),
      webEndpoints([pods[0].ip, pods[1].ip]),
      service('empty', { clusterIp: '10.96.0.11', ports: [{ name: 'http', port: 80 }] }),
      service('self', { clusterIp: '10.96.0.12', ports: [{ name: 'http', port: 80 }] }),
      endpoints('self', [{ ready: [pods[0].ip], ports: [{ name: 'http', port: 8080 }] }]),
      service('sticky', { clusterIp: '10.96.0.13', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80 }] }),
      endpoints('sticky', [{ ready: [pods[0].ip, pods[1].ip], ports: [{ name: 'http', port: 8080 }] }]),
    );
    proxy = new ServiceProxy({
      source,
      executor: new NftSessionExecutor({ netns: ns.node }),
      nodeName: 'node-a',
      nodeIps: [nodeIp],
      clusterCidr: '10.250.0.0/16',
    });
    await proxy.start();
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop().catch(() => undefined);
    for (const server of servers) server.kill('SIGKILL');
    await cleanUp();
    if (folder !== '') await rm(folder, { recursive: true, force: true });
  });

  it('a pod reaches the ClusterIP and both backends answer', async () => {
    const seen = await bodiesSeen(ns.c, 'http://10.96.0.10/', ['backend-a', 'backend-b'], 60);
    expect([...seen].sort()).toEqual(['backend-a', 'backend-b']);
  });

  it('the node itself reaches the ClusterIP (nat output)', async () => {
    const response = await get(ns.node, 'http://10.96.0.10/');
    expect(response.body).toMatch(/^backend-[ab]$/);
  });

  it('a pod reaches itself through its Service (hairpin)', async () => {
    expect(await get(ns.a, 'http://10.96.0.12/')).toMatchObject({ ok: true, body: 'backend-a' });
  });

  it('ClientIP affinity keeps a client on one backend', async () => {
    const first = await get(ns.c, 'http://10.96.0.13/');
    expect(first.body).toMatch(/^backend-[ab]$/);
    // with random picks, 12 more answers from one backend would happen by chance once in 4,096 runs
    const seen = await bodiesSeen(ns.c, 'http://10.96.0.13/', ['never'], 12);
    expect([...seen]).toEqual([first.body]);
  });

  it('a Service without endpoints refuses at once instead of hanging', async () => {
    const started = Date.now();
    const response = await get(ns.c, 'http://10.96.0.11/');
    expect(response.ok).toBe(false);
    expect(response.error).toMatch(/Connection refused/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('NodePort from outside on the node IP, and from the node on 127.0.0.1', async () => {
    expect((await get(ns.ext, `http://${nodeIp}:30080/`)).body).toMatch(/^backend-[ab]$/);
    expect((await get(ns.node, 'http://127.0.0.1:30080/')).body).toMatch(/^backend-[ab]$/);
  });

  it('after an endpoint is removed, traffic goes only to the other backend', async () => {
    source.put(webEndpoints([pods[1].ip]));
    await proxy?.programmed();
    const seen = await bodiesSeen(ns.c, 'http://10.96.0.10/', ['never'], 12);
    expect([...seen]).toEqual(['backend-b']);
    expect((await get(ns.ext, `http://${nodeIp}:30080/`)).body).toBe('backend-b');
  });
});

async function cleanUp(): Promise<void> {
  for (const name of Object.values(ns)) await deleteNetns(name);
}
