/**
 * A secure cluster of real processes, each in its own network namespace: three
 * masters (the second and third join by a master token only) and two workers
 * (joining by a worker token only). A capture of the API and Raft port shows no
 * plaintext object data; a master with a wrong token is refused and leaves no
 * trace; a worker cannot write another worker's Node.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigMap, Node, Secret } from '../../src/api/index.js';
import { OrcaClient, TlsIdentity } from '../../src/client/index.js';
import { ChaosMasters } from '../chaos/chaos-masters.js';
import { canUseNamespaces, type Host } from '../chaos/network.js';
import { orcaScript } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';

const tcpdump = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' }).status === 0;
const skipReason = !canUseNamespaces()
  ? 'network namespaces need root, ip, iptables and nsenter'
  : !tcpdump
    ? 'tcpdump is not installed (cluster-test/env/setup.sh install)'
    : '';
if (skipReason !== '') console.log(`skipping the secure cluster suite: ${skipReason}`);

const marker = 'orca-plaintext-marker-7f3a9c';

describe.skipIf(skipReason !== '')('a secure cluster in network namespaces', () => {
  let masters: ChaosMasters;
  let admin: OrcaClient;
  let identity: TlsIdentity;
  const workers: ChildProcess[] = [];
  const outputs = new Map<string, string>();

  beforeAll(async () => {
    masters = await ChaosMasters.start({ size: 3, hosting: 'netns', secure: true });
    const tls = masters.tlsOption().tls;
    if (tls === undefined) throw new Error('the secure cluster has no admin identity');
    identity = tls;
    admin = new OrcaClient({ tls, servers: masters.masters().map((m) => m.address), operationDeadlineMs: 20_000 });
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    admin?.close();
    await masters?.stop();
  });

  function startWorker(name: string, host: Host, token: string): ChildProcess {
    const root = join(masters.root, `worker-${name}`);
    mkdirSync(root, { recursive: true });
    const child = spawn(
      'nsenter',
      [
        `--net=/run/netns/${host.namespace}`,
        process.execPath,
        orcaScript(),
        'worker',
        '--name',
        name,
        '--server',
        masters
          .masters()
          .map((m) => m.address)
          .join(','),
        '--token',
        token,
        '--data-dir',
        join(root, 'data'),
        '--runtime',
        'process',
        '--root-dir',
        join(root, 'root'),
        '--host-ip',
        host.ip,
        '--listen',
        `${host.ip}:10250`,
        '--no-pod-network',
        '--lease-renew-seconds',
        '1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ORCA_LOG_LEVEL: 'warn' } },
    );
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-32_000);
      outputs.set(name, output);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    workers.push(child);
    return child;
  }

  it('two workers join by token only and register their Nodes over TLS', async () => {
    const network = masters.hostNetwork;
    if (network === null) throw new Error('no host network');
    const token = await masters.createJoinToken('worker');
    for (const name of ['w1', 'w2']) startWorker(name, network.addHost(name), token);
    await waitFor(
      'both Nodes registered',
      60_000,
      async () => {
        const nodes = await admin.list('Node').catch(() => undefined);
        const names = nodes?.items.map((n) => n.metadata?.name) ?? [];
        return names.includes('w1') && names.includes('w2') ? true : undefined;
      },
      200,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${[...outputs].map(([n, o]) => `--- ${n}\n${o}`).join('\n')}`);
    });
    // The worker keeps its key readable by itself only.
    const w1Cert = join(masters.root, 'worker-w1', 'data', 'tls');
    expect(statSync(join(w1Cert, 'node.key')).mode & 0o077).toBe(0);
  }, 90_000);

  it('shows no plaintext object data on the API and Raft port', async () => {
    const first = masters.masters()[0];
    if (first === undefined) throw new Error('no master');
    const network = masters.hostNetwork;
    if (network === null) throw new Error('no host network');
    const pcap = join(masters.root, 'capture.pcap');
    const capture = spawn('ip', [
      'netns',
      'exec',
      network.host(first.name).namespace,
      'tcpdump',
      '-i',
      'any',
      '-U',
      '-s',
      '0',
      '-w',
      pcap,
      'tcp',
      'port',
      first.address.split(':')[1] ?? '7000',
    ]);
    try {
      await waitFor('tcpdump to start', 10_000, () => {
        try {
          return Promise.resolve(statSync(pcap).size > 0 ? true : undefined);
        } catch {
          return Promise.resolve(undefined);
        }
      });
      const configMap: ConfigMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'visible', namespace: 'default' },
        data: { text: `${marker} ${'x'.repeat(2000)}` },
      };
      const secret: Secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'hidden', namespace: 'default' },
        stringData: { password: marker },
      };
      for (let i = 0; i < 20; i += 1)
        await admin.create({ ...configMap, metadata: { ...configMap.metadata, name: `visible-${i}` } });
      await admin.create(secret);
      // Read back through every master: each answer crosses the network too.
      for (const master of masters.masters()) {
        const one = new OrcaClient({ tls: identity, servers: [master.address] });
        try {
          expect(
            (await one.get({ kind: 'ConfigMap', namespace: 'default', name: 'visible-0' })).data?.['text'],
          ).toContain(marker);
        } finally {
          one.close();
        }
      }
    } finally {
      capture.kill('SIGINT');
      await new Promise((resolve) => capture.once('exit', resolve));
    }
    const bytes = readFileSync(pcap);
    // The capture really saw the traffic (20 objects of 2 KB replicated to two followers and read back).
    expect(bytes.length).toBeGreaterThan(60_000);
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(Buffer.from('ConfigMap'))).toBe(false);
    rmSync(pcap, { force: true });
  }, 90_000);

  it('refuses a master that joins with a wrong token, leaving the members as they were', async () => {
    const first = masters.masters()[0];
    if (first === undefined) throw new Error('no master');
    const before = (await admin.members()).members.map((m) => m.name).sort();
    const wrong = (await masters.createJoinToken('master')).replace(/.{4}$/, 'zzzz');
    const dataDir = join(masters.root, 'intruder');
    const result = spawnSync(
      process.execPath,
      [
        orcaScript(),
        'master',
        '--name',
        'intruder',
        '--data-dir',
        dataDir,
        '--listen',
        '127.0.0.1:0',
        '--join',
        first.address,
        '--token',
        wrong,
      ],
      { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ORCA_LOG_LEVEL: 'error' } },
    );
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/join token .* is not known to the cluster/);
    expect((await admin.members()).members.map((m) => m.name).sort()).toEqual(before);
    // Nothing about the intruder is in its data directory's TLS folder.
    expect(() => statSync(join(dataDir, 'tls', 'master.crt'))).toThrow();
  }, 60_000);

  it('lets a worker write only its own Node', async () => {
    const nodes = await admin.list('Node');
    const w2 = nodes.items.find((n) => n.metadata?.name === 'w2') as Node | undefined;
    expect(w2).toBeDefined();
    const w1Material = {
      caPem: identity.current.caPem,
      certificatePem: readFileSync(join(masters.root, 'worker-w1', 'data', 'tls', 'node.crt'), 'utf8'),
      keyPem: readFileSync(join(masters.root, 'worker-w1', 'data', 'tls', 'node.key'), 'utf8'),
    };
    const asW1 = new OrcaClient({
      tls: new TlsIdentity(w1Material),
      servers: [masters.masters()[0]?.address ?? ''],
      attemptsMax: 1,
    });
    try {
      const refused = await asW1
        .update({ ...w2, metadata: { ...w2?.metadata, labels: { hacked: 'yes' } } } as Node)
        .catch((error: unknown) => error);
      expect(String(refused)).toMatch(/cannot update nodes "w2"/);
      expect(((await admin.get({ kind: 'Node', name: 'w2' })).metadata?.labels ?? {})['hacked']).toBeUndefined();
    } finally {
      asW1.close();
    }
  }, 30_000);
});
