/**
 * The real kubectl (1.32, on the PATH of machines of this kind) against three
 * secure masters and a worker, every command's output checked — and the same
 * suite again with the Raft leader SIGKILLed (and restarted) before every
 * command. kubectl talks to the masters through a TCP balancer, as to an HA
 * control plane; every wait is on a condition.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminClientConfig, kubeconfigText, writeClientConfig } from '../../src/client/index.js';
import { orcaScript } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';
import { KubectlCluster, kubectlVersion, type KubectlResult } from './kubectl-cluster.js';
import { echoThrough, forwarding, freePort, listening } from './kubectl-harness.js';

/** kubectl under a pseudo-terminal (`-t` needs one of its own), through util-linux `script`. */
function onTerminal(cluster: KubectlCluster, args: readonly string[]): Promise<KubectlResult> {
  const quoted = ['kubectl', ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve) => {
    execFile(
      'script',
      ['-qfec', quoted, '/dev/null'],
      { env: cluster.env(), timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

function runOrca(args: readonly string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [orcaScript(), ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`orca ${args.join(' ')}: ${String(stderr)}`));
        else resolve(String(stdout));
      },
    );
  });
}

const version = await kubectlVersion();
if (version === undefined) console.log('kubectl suite skipped: kubectl is not on the PATH');

const deployment = (image: string, env: Record<string, string>, replicas = 2): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: ${image}
        command: [sh, -c, 'echo started; sleep 3600']
        env:
${Object.entries(env)
  .map(([name, value]) => `        - {name: ${name}, value: "${value}"}`)
  .join('\n')}
`;

const service = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

const configMap = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
`;

function suite(name: string, chaos: boolean): void {
  describe.skipIf(version === undefined)(name, () => {
    let cluster: KubectlCluster;
    let ns = '';
    const k = (args: readonly string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<string> =>
      cluster.ok(['-n', ns, ...args], options);

    beforeAll(async () => {
      cluster = await KubectlCluster.start({ workers: 1 });
      ns = chaos ? 'chaos' : 'plain';
      await cluster.ok(['create', 'namespace', ns]).catch(async () => {
        // typed create may not be decodable on every server version: the same through apply
        await cluster.ok(['apply', '-f', '-'], { stdin: `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n` });
      });
    }, 120_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    if (chaos)
      beforeEach(async () => {
        await cluster.killLeader();
      }, 60_000);

    it('answers version and discovery', async () => {
      const versions = JSON.parse(await cluster.ok(['version', '-o', 'json'])) as {
        serverVersion: { major: string; minor: string; gitVersion: string };
      };
      expect(versions.serverVersion.major).toBe('1');
      expect(versions.serverVersion.gitVersion).toMatch(/^v1\.\d+\.\d+\+orca/);
      const resources = await cluster.ok(['api-resources']);
      expect(resources).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      expect(resources).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
      expect(resources).toMatch(/^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m);
    });

    it('applies a folder, then a changed folder as a three-way merge', async () => {
      const folder = join(cluster.folder, `manifests-${ns}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'deployment.yaml'), deployment('app:v1', { A: '1', B: '2' }));
      writeFileSync(join(folder, 'service.yaml'), service);
      writeFileSync(join(folder, 'configmap.yaml'), configMap);
      const created = await k(['apply', '-f', folder]);
      expect(created).toContain('deployment.apps/web created');
      expect(created).toContain('service/web created');
      expect(created).toContain('configmap/settings created');
      // Someone else's change that the manifest does not mention survives the next apply.
      expect(await k(['label', 'deployment', 'web', 'owner=ops'])).toContain('deployment.apps/web labeled');
      writeFileSync(join(folder, 'deployment.yaml'), deployment('app:v2', { A: '1' }));
      const again = await k(['apply', '-f', folder]);
      expect(again).toContain('deployment.apps/web configured');
      expect(again).toContain('service/web unchanged');
      const live = JSON.parse(await k(['get', 'deployment', 'web', '-o', 'json'])) as {
        metadata: { labels: Record<string, string> };
        spec: { template: { spec: { containers: { image: string; env: { name: string }[] }[] } } };
      };
      const [container] = live.spec.template.spec.containers;
      expect(container?.image).toBe('app:v2');
      expect(container?.env.map((entry) => entry.name)).toEqual(['A']);
      expect(live.metadata.labels['owner']).toBe('ops');
    });

    it('gets with every output kubectl users reach for', async () => {
      await cluster.until(['-n', ns, 'get', 'deployment', 'web'], (out) => /web\s+2\/2\s+2\s+2/.test(out), 60_000);
      const wide = await k(['get', 'deployment', 'web', '-o', 'wide']);
      expect(wide).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
      expect(wide).toMatch(/^web\s+2\/2\s+2\s+2\s+\S+\s+web\s+app:v2\s+app=web$/m);
      const yaml = await k(['get', 'configmap', 'settings', '-o', 'yaml']);
      expect(yaml).toMatch(/^data:\n {2}mode: fast$/m);
      expect(yaml).toMatch(/^ {2}resourceVersion: "\d+"$/m);
      expect(await k(['get', 'service', 'web', '-o', 'jsonpath={.spec.ports[0].port}'])).toBe('80');
      const all = await k(['get', 'all']);
      expect(all).toMatch(/^pod\/web-\S+\s+1\/1\s+Running\s+0\s+/m);
      expect(all).toMatch(/^service\/web\s+ClusterIP\s+\d+\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+/m);
      expect(all).toMatch(/^deployment\.apps\/web\s+2\/2\s+2\s+2\s+/m);
      expect(all).toMatch(/^replicaset\.apps\/web-\S+\s+2\s+2\s+2\s+/m);
      const labelled = await k(['get', 'pods', '-l', 'app=web', '-o', 'name']);
      expect(labelled.trim().split('\n')).toHaveLength(2);
    });

    it('describes a deployment', async () => {
      const text = await k(['describe', 'deployment', 'web']);
      expect(text).toMatch(/^Name:\s+web$/m);
      expect(text).toMatch(/^Namespace:\s+/m);
      expect(text).toMatch(/^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m);
      expect(text).toMatch(/^\s+Image:\s+app:v2$/m);
    });

    it('watches pods with -w', async () => {
      const watch = cluster.background(['-n', ns, 'get', 'pods', '-w', '--output-watch-events']);
      try {
        await cluster.until(['-n', ns, 'get', 'pods'], () => /web-/.test(watch.output()), 20_000);
        await k(['run', 'watched', '--image=none', '--restart=Never', '--command', '--', 'sleep', '3600']);
        await cluster.until(['-n', ns, 'get', 'pods'], () => /ADDED\s+watched\s/.test(watch.output()), 20_000);
      } finally {
        watch.stop();
      }
      expect(watch.output()).toMatch(/ADDED\s+watched\s/);
      await k(['delete', 'pod', 'watched', '--grace-period=0', '--force']);
    });

    it('patches with merge, JSON and strategic patches', async () => {
      await k(['patch', 'configmap', 'settings', '--type=merge', '-p', '{"data":{"extra":"1"}}']);
      await k([
        'patch',
        'configmap',
        'settings',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/data/mode","value":"slow"}]',
      ]);
      const data = JSON.parse(await k(['get', 'configmap', 'settings', '-o', 'jsonpath={.data}'])) as Record<
        string,
        string
      >;
      expect(data).toEqual({ mode: 'slow', extra: '1' });
      await k([
        'patch',
        'deployment',
        'web',
        '-p',
        '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"C","value":"3"}]}]}}}}',
      ]);
      const env = await k([
        'get',
        'deployment',
        'web',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].env[*].name}',
      ]);
      expect(env.split(' ').sort()).toEqual(['A', 'C']);
    });

    it('scales, and follows a rollout through status, history, undo and restart', async () => {
      expect(await k(['scale', 'deployment', 'web', '--replicas=3'])).toContain('deployment.apps/web scaled');
      expect(await k(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
      expect(await k(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('3');
      const history = await k(['rollout', 'history', 'deployment/web']);
      expect(history).toMatch(/^REVISION\s+CHANGE-CAUSE$/m);
      expect(history).toMatch(/^\d+\s+<none>$/m);
      expect(await k(['rollout', 'undo', 'deployment/web'])).toContain('deployment.apps/web rolled back');
      expect(await k(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
      expect(await k(['rollout', 'restart', 'deployment/web'])).toContain('deployment.apps/web restarted');
      expect(await k(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    });

    it('streams logs, with -f', async () => {
      await k([
        'run',
        'talker',
        '--image=none',
        '--restart=Never',
        '--command',
        '--',
        'sh',
        '-c',
        'echo first; sleep 1; echo second; sleep 3600',
      ]);
      await cluster.until(['-n', ns, 'logs', 'talker'], (out) => out.includes('first'), 30_000);
      const follow = cluster.background(['-n', ns, 'logs', '-f', 'talker']);
      try {
        await cluster.until(['-n', ns, 'get', 'pod', 'talker'], () => follow.output().includes('second'), 30_000);
      } finally {
        follow.stop();
      }
      expect(follow.output()).toMatch(/^first\nsecond\n/);
      expect(await k(['logs', 'talker', '--tail=1'])).toBe('second\n');
      expect(await k(['logs', 'talker', '--since=1h'])).toBe('first\nsecond\n');
      expect(await k(['logs', 'talker', '--timestamps', '--tail=1'])).toMatch(/^\d{4}-\d\d-\d\dT\S+ second\n$/);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(await k(['logs', 'talker', `--since-time=${future}`])).toBe('');
    });

    it('execs, with and without a terminal, copies files and forwards a port', async () => {
      const echoPort = await freePort();
      const echo = `require('net').createServer((s) => s.pipe(s)).listen(${echoPort}, '127.0.0.1')`;
      await k([
        'run',
        'shell',
        '--image=none',
        '--restart=Never',
        '--command',
        '--',
        process.execPath,
        '-e',
        `${echo}; setInterval(() => {}, 1000)`,
      ]);
      await cluster.until(
        ['-n', ns, 'get', 'pod', 'shell', '-o', 'jsonpath={.status.phase}'],
        (out) => out === 'Running',
        60_000,
      );
      await waitFor('the pod to listen', 20_000, () => listening(echoPort));
      expect(await k(['exec', 'shell', '--', 'echo', 'hello'])).toBe('hello\n');
      expect(await k(['exec', '-i', 'shell', '--', 'cat'], { stdin: 'piped\nlines\n' })).toBe('piped\nlines\n');
      const failed = await cluster.kubectl(['-n', ns, 'exec', 'shell', '--', 'sh', '-c', 'exit 3']);
      expect(failed.code).toBe(3);
      expect(failed.stderr).toContain('command terminated with exit code 3');
      const terminal = await onTerminal(cluster, ['-n', ns, 'exec', '-it', 'shell', '--', 'sh', '-c', 'tty; exit 4']);
      expect(terminal.stdout).toMatch(/\/dev\/pts\/\d+/);
      expect(terminal.code).toBe(4);
      // cp is tar over exec: into the pod and back (process pods share the host's filesystem).
      const local = join(cluster.folder, `cp-${ns}.bin`);
      const remote = join(cluster.folder, `cp-${ns}-remote.bin`);
      const back = join(cluster.folder, `cp-${ns}-back.bin`);
      const bytes = Buffer.from(Array.from({ length: 100_000 }, (_, index) => (index * 13) % 251));
      writeFileSync(local, bytes);
      await k(['cp', local, `${ns}/shell:${remote}`]);
      expect(readFileSync(remote).equals(bytes)).toBe(true);
      await k(['cp', `${ns}/shell:${remote}`, back]);
      expect(readFileSync(back).equals(bytes)).toBe(true);
      const forward = cluster.background(['-n', ns, 'port-forward', 'pod/shell', `:${echoPort}`]);
      try {
        const localPort = await waitFor('kubectl to forward', 30_000, async () => {
          const match = forwarding.exec(forward.output());
          return match === null ? undefined : Number(match[1]);
        });
        expect(await echoThrough(localPort, 'through the port')).toBe('through the port');
      } finally {
        forward.stop();
      }
      await k(['delete', 'pod', 'shell', '--grace-period=0', '--force']);
    });

    it('edits with KUBE_EDITOR', async () => {
      const edited = await k(['edit', 'configmap', 'settings'], {
        env: { KUBE_EDITOR: `sed -i -e 's/mode: slow/mode: edited/'` },
      });
      expect(edited).toContain('configmap/settings edited');
      expect(await k(['get', 'configmap', 'settings', '-o', 'jsonpath={.data.mode}'])).toBe('edited');
    });

    it('labels and annotates', async () => {
      expect(await k(['label', 'configmap', 'settings', 'tier=backend'])).toContain('configmap/settings labeled');
      expect(await k(['annotate', 'configmap', 'settings', 'note=hello'])).toContain('configmap/settings annotated');
      expect(await k(['get', 'configmap', '-l', 'tier=backend', '-o', 'name'])).toBe('configmap/settings\n');
      expect(await k(['get', 'configmap', 'settings', '-o', 'jsonpath={.metadata.annotations.note}'])).toBe('hello');
    });

    it('creates with kubectl create, typed as kubectl sends them', async () => {
      expect(await k(['create', 'deployment', 'made', '--image=app:v1', '--replicas=0'])).toContain(
        'deployment.apps/made created',
      );
      expect(await k(['create', 'configmap', 'made', '--from-literal=key=value'])).toContain('configmap/made created');
      expect(await k(['create', 'secret', 'generic', 'made', '--from-literal=password=s3cret'])).toContain(
        'secret/made created',
      );
      expect(await k(['get', 'deployment', 'made', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe(
        'app:v1',
      );
      expect(await k(['get', 'configmap', 'made', '-o', 'jsonpath={.data.key}'])).toBe('value');
      const secret = await k(['get', 'secret', 'made', '-o', 'jsonpath={.data.password}']);
      expect(Buffer.from(secret, 'base64').toString()).toBe('s3cret');
      await k(['delete', 'deployment,configmap,secret', 'made']);
    });

    it('applies server-side, with field managers and conflicts', async () => {
      const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {owner: one, shared: a}\n`;
      expect(await k(['apply', '--server-side', '--field-manager=one', '-f', '-'], { stdin: manifest })).toContain(
        'configmap/ssa serverside-applied',
      );
      const conflict = await cluster.kubectl(['-n', ns, 'apply', '--server-side', '--field-manager=two', '-f', '-'], {
        stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {shared: b}\n`,
      });
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toMatch(/conflict/i);
      expect(conflict.stderr).toContain('.data.shared');
      await k(['apply', '--server-side', '--field-manager=two', '--force-conflicts', '-f', '-'], {
        stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {shared: b}\n`,
      });
      const live = JSON.parse(await k(['get', 'configmap', 'ssa', '-o', 'json', '--show-managed-fields'])) as {
        data: Record<string, string>;
        metadata: { managedFields: { manager: string; operation: string }[] };
      };
      expect(live.data).toEqual({ owner: 'one', shared: 'b' });
      expect(live.metadata.managedFields.map((entry) => `${entry.manager}:${entry.operation}`).sort()).toEqual([
        'one:Apply',
        'two:Apply',
      ]);
    });

    it('diffs a changed manifest against the live object, changing nothing', async () => {
      const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {owner: one, shared: c}\n`;
      const diff = await cluster.kubectl(
        ['-n', ns, 'diff', '--server-side', '--field-manager=two', '--force-conflicts', '-f', '-'],
        {
          stdin: manifest,
        },
      );
      expect(diff.code).toBe(1);
      expect(diff.stdout).toMatch(/^-\s+shared: b$/m);
      expect(diff.stdout).toMatch(/^\+\s+shared: c$/m);
      expect(await k(['get', 'configmap', 'ssa', '-o', 'jsonpath={.data.shared}'])).toBe('b');
    });

    it('explains fields from the OpenAPI documents', async () => {
      const text = await cluster.ok(['explain', 'deployment.spec.replicas']);
      expect(text).toMatch(/^GROUP:\s+apps$/m);
      expect(text).toMatch(/^FIELD: replicas <integer>$/m);
      expect(text).toMatch(/DESCRIPTION:\n\s+\S/);
    });

    it('answers auth can-i from the cluster', async () => {
      expect(await cluster.ok(['auth', 'can-i', 'create', 'pods', '-n', ns])).toBe('yes\n');
      expect(await cluster.ok(['auth', 'can-i', '*', '*'])).toBe('yes\n');
      const whoami = await cluster.ok(['auth', 'whoami']);
      expect(whoami).toMatch(/^Username\s+admin$/m);
      expect(whoami).toMatch(/system:masters/);
    });

    it('refuses a view-only user what RBAC does not give it, with the Forbidden Status', async () => {
      await k(['create', 'serviceaccount', 'viewer']);
      await k(['create', 'configmap', 'viewed', '--from-literal=a=b']);
      await k(['create', 'rolebinding', 'viewer', '--clusterrole=view', `--serviceaccount=${ns}:viewer`]);
      const { token } = await cluster.masters.client().issueServiceAccountToken({ namespace: ns, name: 'viewer' });
      const admin = cluster.masters.adminIdentity?.current;
      const viewerConfig = join(cluster.folder, `viewer-${ns}`);
      writeFileSync(
        viewerConfig,
        kubeconfigText({
          server: `https://${cluster.balancer.address}`,
          name: 'orca',
          caPem: admin?.caPem ?? '',
          token,
        }),
      );
      const asViewer = { env: { KUBECONFIG: viewerConfig } };
      expect(await cluster.ok(['-n', ns, 'get', 'configmap', 'viewed', '-o', 'name'], asViewer)).toBe(
        'configmap/viewed\n',
      );
      expect(
        await cluster
          .ok(['-n', ns, 'auth', 'can-i', 'delete', 'deployments'], asViewer)
          .catch((error: Error) => error.message),
      ).toMatch(/no/);
      const refused = await cluster.kubectl(['-n', ns, 'delete', 'configmap', 'viewed'], asViewer);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^Error from server \(Forbidden\): .*viewer.*delete/m);
    });

    it('cordons, drains and uncordons a node', async () => {
      expect(await cluster.ok(['cordon', 'w1'])).toContain('node/w1 cordoned');
      expect(await cluster.ok(['get', 'node', 'w1', '-o', 'jsonpath={.spec.unschedulable}'])).toBe('true');
      const drained = await cluster.ok([
        'drain',
        'w1',
        '--ignore-daemonsets',
        '--force',
        '--grace-period=1',
        '--timeout=60s',
      ]);
      expect(drained).toContain('node/w1 drained');
      expect(drained).toMatch(/evicting pod /);
      expect(await cluster.ok(['uncordon', 'w1'])).toContain('node/w1 uncordoned');
      expect(await cluster.ok(['get', 'node', 'w1', '-o', 'jsonpath={.spec.unschedulable}'])).toBe('');
      // The deployment's pods come back once the node takes pods again.
      await cluster.until(['-n', ns, 'get', 'deployment', 'web'], (out) => /web\s+3\/3\s/.test(out), 60_000);
    });

    it('uses the kubeconfig `orca kubeconfig` writes', async () => {
      const admin = cluster.masters.adminIdentity?.current;
      if (admin === undefined) throw new Error('no admin identity');
      const orcaConfig = join(cluster.folder, `orca-config-${ns}`);
      writeClientConfig(
        orcaConfig,
        adminClientConfig({
          servers: cluster.masters.alive().map((master) => master.address),
          caPem: admin.caPem,
          certificatePem: admin.certificatePem ?? '',
          keyPem: admin.keyPem ?? '',
        }),
      );
      const output = join(cluster.folder, `kubeconfig-${ns}`);
      const written = await runOrca(['kubeconfig', '-o', output], { ORCA_CONFIG: orcaConfig });
      expect(written).toMatch(/^wrote .+ \(server https:\/\/127\.0\.0\.1:\d+\); use it with: export KUBECONFIG=/);
      const nodes = await cluster.ok(['get', 'nodes', '-o', 'name'], { env: { KUBECONFIG: output } });
      expect(nodes).toBe('node/w1\n');
    });

    it('says top is not available', async () => {
      const result = await cluster.kubectl(['top', 'pods', '-n', ns]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Metrics API not available/);
    });

    it('refuses what Kubernetes refuses, with its messages', async () => {
      const missing = await cluster.kubectl(['-n', ns, 'get', 'deployment', 'nope']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
      const invalid = await cluster.kubectl(['-n', ns, 'apply', '-f', '-'], {
        stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: "Bad_Name"}\n',
      });
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/Invalid|invalid/);
      expect(invalid.stderr).toContain('metadata.name');
    });

    it('deletes and waits for the object to go', async () => {
      expect(await k(['delete', 'configmap', 'settings'])).toContain('configmap "settings" deleted');
      const gone = await cluster.kubectl(['-n', ns, 'get', 'configmap', 'settings']);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('NotFound');
      expect(await k(['delete', 'deployment', 'web', '--wait=true', '--timeout=60s'])).toContain(
        'deployment.apps "web" deleted',
      );
      await cluster.until(['-n', ns, 'get', 'replicasets', '-o', 'name'], (out) => out.trim() === '', 60_000);
    });
  });
}

suite('kubectl against three masters', false);
suite('kubectl with the leader killed before every command', true);
