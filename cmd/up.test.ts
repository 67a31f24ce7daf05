import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientTlsMaterial, OrcaClient, parseClientConfig, TlsIdentity } from '../src/client/index.js';
import { runUp } from './up.js';

const folder = mkdtempSync(join(tmpdir(), 'orca-up-'));

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The servers and the admin identity of the client config `orca up` wrote, once it is there. */
function written(config: string): { servers: string[]; tls: TlsIdentity } | undefined {
  if (!existsSync(config)) return undefined;
  const parsed = parseClientConfig(readFileSync(config, 'utf8'), config);
  const material = clientTlsMaterial(parsed);
  if (material === undefined) return undefined;
  return { servers: [...(parsed.clusters[0]?.cluster.servers ?? [])], tls: new TlsIdentity(material) };
}

/** kubectl's output, or undefined (with the reason printed) where kubectl is not installed. */
function runKubectl(args: readonly string[], kubeconfig: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile('kubectl', [...args], { env: { ...process.env, KUBECONFIG: kubeconfig } }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        console.log('kubectl is not on the PATH: the kubeconfig check is skipped');
        resolve(undefined);
      } else if (error !== null) reject(new Error(`kubectl ${args.join(' ')}: ${String(stderr)}`));
      else resolve(String(stdout));
    });
  });
}

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

describe('orca up', () => {
  it('runs one master and a worker on loopback, writes the client config, serves it, and stops cleanly; a restart finds the same cluster', async () => {
    const config = join(folder, 'config');
    const env = { ...process.env, ORCA_CONFIG: config, ORCA_LOG_LEVEL: 'silent' };
    let output = '';
    const first = new AbortController();
    const running = runUp({
      masters: 1,
      dataDir: join(folder, 'data'),
      write: (text) => {
        output += text;
      },
      env,
      scriptPath: '',
      stop: first.signal,
      worker: 'process',
    });
    const { servers, tls } = await until(() => written(config), 20_000);
    expect(servers).toHaveLength(1);
    expect(servers[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    await until(() => (output.includes('ready on') ? true : undefined), 20_000);
    expect(output).toContain(`one master ready on ${servers[0] ?? ''}`);
    expect(output).toMatch(/orca: worker \S+ runs pods with the process runtime \(asked for\)/);

    // The config is an admin's: TLS with the cluster CA and a client certificate in system:masters.
    expect(tls.current.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(output).toContain('TLS on every connection');
    const plaintext = new OrcaClient({ servers, attemptsMax: 1, operationDeadlineMs: 2000 });
    await expect(plaintext.list('Node')).rejects.toThrow();
    plaintext.close();
    const client = new OrcaClient({ servers, tls });
    const nodes = await client.list('Node');
    expect(nodes.items.map((node) => node.spec?.podCidr)).toEqual(['10.244.0.0/24']);
    await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { a: 'b' } });
    client.close();

    // kubectl works on it out of the box: the kubeconfig up wrote names the REST API and the admin.
    const kubeconfig = join(folder, 'kubeconfig');
    expect(output).toMatch(/the Kubernetes REST API is on https:\/\/127\.0\.0\.1:\d+/);
    expect(output).toContain(`export KUBECONFIG=${kubeconfig}`);
    const kubectl = await runKubectl(['get', 'configmap', 'kept', '-o', 'jsonpath={.data.a}'], kubeconfig);
    if (kubectl !== undefined) expect(kubectl).toBe('b');
    first.abort();
    await running;
    expect(output).toContain('orca: stopped\n');

    rmSync(config);
    const second = new AbortController();
    let againOutput = '';
    const again = runUp({
      masters: 1,
      dataDir: join(folder, 'data'),
      write: (text) => {
        againOutput += text;
      },
      env,
      scriptPath: '',
      stop: second.signal,
      // The worker comes back with the identity it saved: no new token, the same node.
      worker: 'process',
    });
    const again2 = await until(() => written(config), 20_000);
    expect(again2.servers).toEqual(servers);
    const reader = new OrcaClient({ servers: again2.servers, tls: again2.tls });
    expect((await reader.get({ kind: 'ConfigMap', name: 'kept' })).data).toEqual({ a: 'b' });
    await until(() => (againOutput.includes('runs pods with the process runtime') ? true : undefined), 20_000);
    expect((await reader.list('Node')).items.map((node) => node.metadata?.name)).toHaveLength(1);
    reader.close();
    second.abort();
    await again;
    expect(againOutput).toContain('orca: stopped\n');
  });

  it('refuses a master count other than 1, 3 or 5', async () => {
    await expect(
      runUp({
        masters: 2,
        dataDir: join(folder, 'other'),
        write: () => undefined,
        env: {},
        scriptPath: '',
        stop: new AbortController().signal,
      }),
    ).rejects.toThrow('--masters: must be 1, 3 or 5, got 2');
  });
});
