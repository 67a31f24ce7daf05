// kubectl exec and port-forward against a real secure cluster: three masters
// as processes behind a TCP balancer (the REST API on their HTTPS ports, with
// the admin's client certificate), a worker process with the process runtime.
// The session reaches whichever master the balancer picks and is relayed to
// the pod's worker; RBAC decides `create pods/exec` in the one core.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigText } from '../../src/client/index.js';
import { waitFor } from '../../src/master/test-support.js';
import { KubectlCluster, kubectlVersion } from './kubectl-cluster.js';
import { echoThrough, forwarding, freePort, stopped } from './kubectl-harness.js';

const version = await kubectlVersion();

describe.skipIf(version === undefined)('kubectl pod streams on a secure cluster', () => {
  let cluster: KubectlCluster;
  let echoPort: number;
  const ns = 'streams';
  const k = (args: readonly string[], options?: { stdin?: string; env?: Record<string, string> }) =>
    cluster.kubectl(['-n', ns, ...args], options);

  beforeAll(async () => {
    cluster = await KubectlCluster.start({ workers: 1 });
    await cluster.ok(['create', 'namespace', ns]);
    echoPort = await freePort();
    const echo = `require('net').createServer((s) => s.pipe(s)).listen(${echoPort}, '127.0.0.1')`;
    const pod = (name: string, command: string[]): string =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'none', command }] },
      });
    await cluster.ok(['-n', ns, 'apply', '-f', '-'], {
      stdin: pod('shell', ['sh', '-c', 'while true; do sleep 1; done']),
    });
    await cluster.ok(['-n', ns, 'apply', '-f', '-'], { stdin: pod('echo', [process.execPath, '-e', echo]) });
    for (const name of ['shell', 'echo'])
      await cluster.until(
        ['-n', ns, 'get', 'pod', name, '-o', 'jsonpath={.status.phase}'],
        (out) => out === 'Running',
        60_000,
      );
  }, 180_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('kubectl exec runs, takes stdin to its end, and exits with the code', async () => {
    expect(await k(['exec', 'shell', '--', 'echo', 'hi'])).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(await k(['exec', '-i', 'shell', '--', 'cat'], { stdin: 'through the balancer\n' })).toMatchObject({
      code: 0,
      stdout: 'through the balancer\n',
    });
    const failed = await k(['exec', 'shell', '--', 'sh', '-c', 'exit 9']);
    expect(failed.code).toBe(9);
    expect(failed.stderr).toContain('command terminated with exit code 9');
  });

  it('kubectl port-forward carries a connection to the pod', async () => {
    const forward = cluster.background(['-n', ns, 'port-forward', 'pod/echo', `:${echoPort}`]);
    try {
      const localPort = await waitFor('kubectl to forward', 30_000, () => {
        const match = forwarding.exec(forward.output());
        return match === null ? undefined : Number(match[1]);
      });
      expect(await echoThrough(localPort, 'secure path')).toBe('secure path');
    } finally {
      await stopped(forward.child);
    }
  });

  it('refuses an exec to a user RBAC does not allow it, with the Forbidden Status', async () => {
    await k(['create', 'serviceaccount', 'viewer']);
    await k(['create', 'rolebinding', 'viewer', '--clusterrole=view', `--serviceaccount=${ns}:viewer`]);
    const { token } = await cluster.masters.client().issueServiceAccountToken({ namespace: ns, name: 'viewer' });
    const viewerConfig = join(cluster.folder, 'viewer');
    writeFileSync(
      viewerConfig,
      kubeconfigText({
        server: `https://${cluster.balancer.address}`,
        name: 'orca',
        caPem: cluster.masters.adminIdentity?.current.caPem ?? '',
        token,
      }),
    );
    const refused = await k(['exec', 'shell', '--', 'true'], { env: { KUBECONFIG: viewerConfig } });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Forbidden/);
    expect(refused.stderr).toMatch(/pods\/exec/);
  });
});
