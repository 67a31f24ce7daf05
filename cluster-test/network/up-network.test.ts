/**
 * `orca up` on the embedded default, as a new user runs it, with the pod
 * network: Services by name and ClusterIP, a NodePort on 127.0.0.1, cluster DNS
 * (headless, StatefulSet pods, ExternalName), and the Ingress on
 * 127.0.0.1:80. It runs inside a network namespace of its own so that the
 * machine's own network (nftables, addresses, port 80) is left untouched;
 * every command is the `orca` CLI or a plain tool run in that namespace.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canUseNamespaces } from '../chaos/network.js';
import { containerSupport } from '../env/index.js';
import { orcaScript } from '../masters/master-processes.js';
import { waitFor } from '../raft/replica-cluster.js';

const support = containerSupport();
const skipReason = !support.ok
  ? support.reason
  : !canUseNamespaces()
    ? 'network namespaces need root, ip, iptables and nsenter'
    : '';
if (skipReason !== '') console.log(`skipping the orca up network suite: ${skipReason}`);

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: web
        image: 127.0.0.1:5000/busybox:latest
        imagePullPolicy: IfNotPresent
        command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
        ports: [{name: http, containerPort: 8080}]
        readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: db
        image: 127.0.0.1:5000/busybox:latest
        imagePullPolicy: IfNotPresent
        command: [sh, -c, 'mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 8080 -h /www']
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: web.default.svc.cluster.local
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: client
    image: 127.0.0.1:5000/busybox:latest
    imagePullPolicy: IfNotPresent
    command: [sh, -c, 'trap "exit 0" TERM; while true; do sleep 1; done']
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
  - host: shop.example
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
`;

describe.skipIf(skipReason !== '')('orca up with the pod network, on the embedded default', () => {
  const netns = `orca-up-${process.pid}`;
  const folder = mkdtempSync(join(tmpdir(), 'orca-up-net-'));
  const env = { ...process.env, ORCA_CONFIG: join(folder, 'config'), ORCA_LOG_LEVEL: 'warn' };
  let up: ChildProcess | undefined;
  let output = '';

  /** A command in the namespace, as a user's shell there would run it. */
  const inside = (command: readonly string[], timeoutSeconds = 20): string =>
    execFileSync('nsenter', [`--net=/run/netns/${netns}`, 'timeout', String(timeoutSeconds), ...command], {
      encoding: 'utf8',
      env,
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const orca = (...args: string[]): string => inside([process.execPath, orcaScript(), ...args]);
  const tryOrca = (...args: string[]): string | undefined => {
    try {
      return orca(...args);
    } catch {
      return undefined;
    }
  };

  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', netns]);
    execFileSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    up = spawn(
      'nsenter',
      [`--net=/run/netns/${netns}`, process.execPath, orcaScript(), 'up', '--data-dir', join(folder, 'data')],
      { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-64 * 1024);
    };
    up.stdout?.on('data', keep);
    up.stderr?.on('data', keep);
    await waitFor(
      'orca up to be ready',
      90_000,
      async () => {
        if (up?.exitCode !== null) throw new Error(`orca up exited:\n${output}`);
        return output.includes('try `orca cluster members`') ? true : undefined;
      },
      200,
    );
    writeFileSync(join(folder, 'app.yaml'), manifests);
    orca('apply', '-f', join(folder, 'app.yaml'));
    await waitFor(
      'the pods Ready',
      120_000,
      async () => {
        const pods = JSON.parse(tryOrca('get', 'pods', '-o', 'json') ?? '{"items":[]}') as {
          items: { status?: { conditions?: { type: string; status: string }[] } }[];
        };
        const ready = pods.items.filter((pod) =>
          (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True'),
        );
        return ready.length === 4 ? true : undefined;
      },
      500,
    );
  }, 240_000);

  afterAll(async () => {
    if (up !== undefined && up.exitCode === null) {
      const exited = new Promise((resolve) => up?.once('exit', resolve));
      up.kill('SIGINT');
      const timer = setTimeout(() => up?.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    try {
      execFileSync('ip', ['netns', 'del', netns]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('says where the cluster DNS, the ingress and the service proxy are', () => {
    expect(output).toContain('orca: cluster DNS: pods resolve names at 10.96.0.10 (the kube-dns Service)');
    expect(output).toContain('orca: ingress: http://127.0.0.1:80/ and https://127.0.0.1:443/');
    expect(output).toContain('orca: services: ClusterIPs and NodePorts programmed in nftables');
  });

  it('shows Services, Endpoints and Ingresses as kubectl does', () => {
    const listing = orca('get', 'svc,endpoints,ingress');
    expect(listing).toMatch(/service\/web\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP/);
    expect(listing).toMatch(/service\/db\s+ClusterIP\s+None/);
    expect(listing).toMatch(/service\/ext\s+ExternalName\s+<none>\s+web\.default\.svc\.cluster\.local/);
    expect(listing).toMatch(/endpoints\/web\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080/);
    expect(listing).toMatch(/ingress\/shop\s+<none>\s+shop\.example/);
  });

  it('serves a Service by name, its NodePort on 127.0.0.1, DNS names and the Ingress', async () => {
    const web = orca('get', 'pods', '-l', 'app=web', '-o', 'json');
    const names = (JSON.parse(web) as { items: { metadata: { name: string } }[] }).items.map(
      (pod) => pod.metadata.name,
    );
    const seen = new Set<string>();
    await waitFor(
      'both web pods through the Service',
      30_000,
      async () => {
        seen.add(orca('exec', 'client', '--', 'timeout', '5', 'wget', '-q', '-O', '-', 'http://web/').trim());
        return names.every((name) => seen.has(name)) ? true : undefined;
      },
      10,
    );
    expect(orca('exec', 'client', '--', 'timeout', '5', 'wget', '-q', '-O', '-', 'http://ext/').trim()).toMatch(
      /^web-/,
    );
    expect(orca('exec', 'client', '--', 'timeout', '5', 'wget', '-q', '-O', '-', 'http://db-0.db:8080/').trim()).toBe(
      'db-0',
    );
    const service = JSON.parse(orca('get', 'svc', 'web', '-o', 'json')) as { spec: { ports: { nodePort: number }[] } };
    expect(
      inside(['busybox', 'wget', '-q', '-O', '-', `http://127.0.0.1:${service.spec.ports[0]?.nodePort ?? 0}/`]).trim(),
    ).toMatch(/^web-/);
    expect(inside(['curl', '-s', '-f', '-H', 'Host: shop.example', 'http://127.0.0.1/']).trim()).toMatch(/^web-/);
  }, 90_000);
});
