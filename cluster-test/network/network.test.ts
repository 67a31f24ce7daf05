/**
 * The pod network end to end, on real containerd: three masters and two
 * workers, each in its own network namespace with its own containerd, and a
 * client namespace standing for a machine outside the cluster. Standard
 * Kubernetes objects only; every check goes through what a pod or an outside
 * client really does (wget, nslookup, curl), and every wait is on a condition.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment, Ingress, Pod, Secret, Service, StatefulSet } from '../../src/api/index.js';
import { canUseNamespaces } from '../chaos/network.js';
import { containerSupport } from '../env/index.js';
import { waitFor } from '../raft/replica-cluster.js';
import { NetworkCluster } from './network-cluster.js';

const support = containerSupport();
const namespaces = canUseNamespaces();
const skipReason = !support.ok
  ? support.reason
  : !namespaces
    ? 'network namespaces need root, ip, iptables and nsenter'
    : '';
if (skipReason !== '') console.log(`skipping the pod network suite: ${skipReason}`);

const image = '127.0.0.1:5000/busybox:latest';

/** A pod answering HTTP on 8080 with its own name (and under /api/ with "api NAME"). */
function webTemplate(app: string, node: string): NonNullable<Deployment['spec']>['template'] {
  const script =
    'mkdir -p /www/api && hostname > /www/index.html && echo "api $(hostname)" > /www/api/index.html && exec httpd -f -p 8080 -h /www';
  return {
    metadata: { labels: { app } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': node },
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'web',
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', script],
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { tcpSocket: { port: { intVal: 8080 } }, periodSeconds: 1 },
        },
      ],
    },
  };
}

function deployment(name: string, replicas: number, node: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: webTemplate(name, node) },
  };
}

function service(name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

const clientPod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'client' },
  spec: {
    nodeSelector: { 'kubernetes.io/hostname': 'w1' },
    terminationGracePeriodSeconds: 1,
    containers: [
      {
        name: 'client',
        image,
        imagePullPolicy: 'IfNotPresent',
        command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
      },
    ],
  },
};

const database: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: { serviceName: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } }, template: webTemplate('db', 'w2') },
};

function selfSignedCertificate(host: string): { cert: string; key: string; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'orca-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=DNS:${host}`,
      '-keyout',
      join(folder, 'tls.key'),
      '-out',
      join(folder, 'tls.crt'),
    ],
    { stdio: 'ignore' },
  );
  return {
    cert: readFileSync(join(folder, 'tls.crt'), 'utf8'),
    key: readFileSync(join(folder, 'tls.key'), 'utf8'),
    folder,
  };
}

describe.skipIf(skipReason !== '')('the pod network across two workers', () => {
  let cluster: NetworkCluster;
  let clusterIp = '';
  let nodePort = 0;
  let certificate: ReturnType<typeof selfSignedCertificate>;

  const fetchInClient = async (url: string): Promise<string> => {
    const result = await cluster.inPod({ name: 'client' }, ['timeout', '5', 'wget', '-q', '-O', '-', url]);
    if (result.exitCode !== 0)
      throw new Error(`wget ${url} from the client pod exited ${result.exitCode}: ${result.stderr}`);
    return result.stdout.trim();
  };

  /** What `count` requests from the client pod answered (each web pod answers with its name). */
  const answers = async (url: string, count: number): Promise<Set<string>> => {
    const seen = new Set<string>();
    for (let index = 0; index < count; index += 1) seen.add(await fetchInClient(url));
    return seen;
  };

  beforeAll(async () => {
    cluster = await NetworkCluster.start({ workers: ['w1', 'w2'], clients: ['c1'] });
    certificate = selfSignedCertificate('shop.example');
    const { client } = cluster;
    await client.create(deployment('web', 3, 'w2'));
    await client.create(deployment('api', 1, 'w1'));
    await client.create(
      service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: { strVal: 'http' } }] }),
    );
    await client.create(
      service('web-np', {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: { intVal: 8080 } }],
      }),
    );
    await client.create(
      service('api', { selector: { app: 'api' }, ports: [{ port: 80, targetPort: { intVal: 8080 } }] }),
    );
    await client.create(
      service('db', { clusterIp: 'None', selector: { app: 'db' }, ports: [{ name: 'http', port: 8080 }] }),
    );
    await client.create(service('ext', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }));
    await client.create(database);
    await client.create(clientPod);
    const tls: Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-tls' },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(certificate.cert).toString('base64'),
        'tls.key': Buffer.from(certificate.key).toString('base64'),
      },
    };
    await client.create(tls);
    const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
    const ingress: Ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop' },
      spec: {
        tls: [{ hosts: ['shop.example'], secretName: 'shop-tls' }],
        rules: [
          {
            host: 'shop.example',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: backend('web') },
                { path: '/api', pathType: 'Prefix', backend: backend('api') },
              ],
            },
          },
          { host: 'blog.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api') }] } },
        ],
      },
    };
    await client.create(ingress);
    await cluster.runningPods('app=web', 3);
    await cluster.runningPods('app=api', 1);
    await cluster.runningPods('app=db', 2, 120_000);
    await waitFor(
      'the client pod Running',
      60_000,
      async () =>
        (await client.get({ kind: 'Pod', namespace: 'default', name: 'client' })).status?.phase === 'Running'
          ? true
          : undefined,
      250,
    );
    const web = await client.get({ kind: 'Service', namespace: 'default', name: 'web' });
    clusterIp = web.spec?.clusterIp ?? '';
    nodePort =
      (await client.get({ kind: 'Service', namespace: 'default', name: 'web-np' })).spec?.ports?.[0]?.nodePort ?? 0;
  }, 300_000);

  afterAll(async () => {
    if (cluster !== undefined) {
      await cluster.stop();
    }
    if (certificate !== undefined) rmSync(certificate.folder, { recursive: true, force: true });
  }, 120_000);

  it('gives the Service a ClusterIP and every pod the cluster DNS in its resolv.conf', async () => {
    expect(clusterIp).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    const resolv = await cluster.inPod({ name: 'client' }, ['cat', '/etc/resolv.conf']);
    expect(resolv.stdout).toContain('nameserver 10.96.0.10');
    expect(resolv.stdout).toContain('search default.svc.cluster.local svc.cluster.local cluster.local');
    expect(resolv.stdout).toContain('options ndots:5');
  }, 60_000);

  it('reaches a Service by name, by full name and by ClusterIP from a pod on the other worker, spread over every ready endpoint', async () => {
    const pods = (await cluster.client.listAll('Pod', { labelSelector: 'app=web' })).items.map(
      (pod) => pod.metadata?.name ?? '',
    );
    expect(
      new Set(
        (await cluster.client.listAll('Pod', { labelSelector: 'app=web' })).items.map((pod) => pod.spec?.nodeName),
      ),
    ).toEqual(new Set(['w2']));
    await waitFor(
      'every web pod seen through the Service',
      60_000,
      async () => {
        const seen = await answers('http://web/', 12);
        return [...pods].every((name) => seen.has(name)) ? true : undefined;
      },
      100,
    );
    expect(pods).toContain(await fetchInClient('http://web.default.svc.cluster.local/'));
    expect(pods).toContain(await fetchInClient(`http://${clusterIp}/`));
  }, 120_000);

  it('lets a pod reach itself through its own Service (hairpin)', async () => {
    const pod = (await cluster.client.listAll('Pod', { labelSelector: 'app=web' })).items[0]?.metadata?.name ?? '';
    const seen: string[] = [];
    await waitFor(
      `${pod} to answer itself through the Service`,
      30_000,
      async () => {
        const result = await cluster.inPod({ name: pod }, ['timeout', '5', 'wget', '-q', '-O', '-', 'http://web/']);
        if (result.exitCode !== 0)
          throw new Error(
            `a request from ${pod} to its own Service failed (exit ${result.exitCode}): ${result.stderr}`,
          );
        seen.push(result.stdout.trim());
        return seen.includes(pod) ? true : undefined;
      },
      10,
    );
  }, 60_000);

  it('stops sending traffic to a deleted endpoint', async () => {
    const pods = (await cluster.client.listAll('Pod', { labelSelector: 'app=web' })).items;
    const victim = pods[0]?.metadata?.name ?? '';
    await cluster.client.delete({ kind: 'Pod', namespace: 'default', name: victim });
    await waitFor(
      'the deleted pod gone from the Endpoints',
      30_000,
      async () => {
        const endpoints = await cluster.client.get({ kind: 'Endpoints', namespace: 'default', name: 'web' });
        const names = (endpoints.subsets ?? [])
          .flatMap((subset) => [...(subset.addresses ?? []), ...(subset.notReadyAddresses ?? [])])
          .map((address) => address.targetRef?.name);
        return names.includes(victim) ? undefined : true;
      },
      100,
    );
    // Programmed within a moment of the Endpoints change; then never again.
    await waitFor(
      'the proxy to drop the endpoint',
      10_000,
      async () => ((await answers('http://web/', 6)).has(victim) ? undefined : true),
      50,
    );
    expect((await answers('http://web/', 20)).has(victim)).toBe(false);
    await cluster.runningPods('app=web', 3);
  }, 120_000);

  it('answers a NodePort from a machine outside the cluster, on either worker', async () => {
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    for (const worker of ['w1', 'w2']) {
      const ip = cluster.worker(worker).host.ip;
      const answer = await waitFor(
        `the NodePort on ${worker}`,
        20_000,
        async () => {
          try {
            return cluster.inClient('c1', ['busybox', 'wget', '-q', '-O', '-', `http://${ip}:${nodePort}/`]).trim();
          } catch {
            return undefined;
          }
        },
        200,
      );
      expect(answer).toMatch(/^web-/);
    }
  }, 60_000);

  it('resolves headless Services to their pods, StatefulSet pods by name, and ExternalName to its target', async () => {
    const db = (await cluster.client.listAll('Pod', { labelSelector: 'app=db' })).items;
    const ipOf = (name: string): string => db.find((pod) => pod.metadata?.name === name)?.status?.podIp ?? '';
    const lookup = async (name: string): Promise<string> =>
      (await cluster.inPod({ name: 'client' }, ['nslookup', name])).stdout;
    const headless = await lookup('db.default.svc.cluster.local');
    expect(headless).toContain(ipOf('db-0'));
    expect(headless).toContain(ipOf('db-1'));
    expect(await lookup('db-0.db.default.svc.cluster.local')).toContain(ipOf('db-0'));
    // busybox's nslookup asks for the name as given; wget goes through the resolver and its search path.
    expect(await fetchInClient('http://db-1.db:8080/')).toBe('db-1');
    expect(await lookup('ext.default.svc.cluster.local')).toContain('web.default.svc.cluster.local');
    const missing = await cluster.inPod({ name: 'client' }, ['nslookup', 'nothing.default.svc.cluster.local']);
    expect(missing.stdout + missing.stderr).toMatch(/NXDOMAIN|can't find/);
    // A pod on the other worker, by IP, through the host-gw routes.
    expect(await fetchInClient(`http://${ipOf('db-0')}:8080/`)).toBe('db-0');
  }, 60_000);

  it("routes two hosts and two paths to two Services through the Ingress, and HTTPS with the Secret's certificate", async () => {
    const ip = cluster.worker('w1').host.ip;
    const curl = (args: readonly string[]): string | undefined => {
      try {
        return cluster.inClient('c1', ['curl', '-s', '-f', ...args]).trim();
      } catch {
        return undefined;
      }
    };
    const root = await waitFor(
      'the Ingress to route shop.example',
      30_000,
      async () =>
        curl([
          '-H',
          'Host: shop.example',
          `http://${ip}/`,
          '-o',
          '/dev/null',
          '-w',
          '%{http_code}',
          '--max-redirs',
          '0',
        ]) ?? undefined,
      200,
    );
    // ssl-redirect: a host with TLS is sent to HTTPS first.
    expect(root).toBe('308');
    const shop = curl([
      '--cacert',
      join(certificate.folder, 'tls.crt'),
      '--resolve',
      `shop.example:443:${ip}`,
      'https://shop.example/',
    ]);
    expect(shop).toMatch(/^web-/);
    const api = curl([
      '--cacert',
      join(certificate.folder, 'tls.crt'),
      '--resolve',
      `shop.example:443:${ip}`,
      'https://shop.example/api/',
    ]);
    expect(api).toMatch(/^api api-/);
    expect(curl(['-H', 'Host: blog.example', `http://${ip}/`])).toMatch(/^api-/);
    expect(curl(['-H', 'Host: nobody.example', `http://${ip}/`])).toBeUndefined();
    const ingress = await waitFor(
      'the Ingress address',
      20_000,
      async () => {
        const current = await cluster.client.get({ kind: 'Ingress', namespace: 'default', name: 'shop' });
        return (current.status?.loadBalancer?.ingress ?? []).length === 2 ? current : undefined;
      },
      200,
    );
    expect(ingress.status?.loadBalancer?.ingress?.map((entry) => entry.ip).sort()).toEqual(
      [cluster.worker('w1').host.ip, cluster.worker('w2').host.ip].sort(),
    );
  }, 90_000);

  it('keeps the data path up while the leading master is SIGKILLed', async () => {
    const leader = await cluster.masters.leader(5_000);
    expect(leader).toBeDefined();
    await cluster.masters.kill(leader ?? '');
    // Straight after the kill, before any new leader: names, ClusterIPs and NodePorts keep working from each node's own state.
    const ip = cluster.worker('w2').host.ip;
    expect(cluster.inClient('c1', ['busybox', 'wget', '-q', '-O', '-', `http://${ip}:${nodePort}/`]).trim()).toMatch(
      /^web-/,
    );
    await waitFor(
      'a new leader',
      20_000,
      async () => ((await cluster.masters.leader(2_000)) !== undefined ? true : undefined),
      100,
    );
    expect(await fetchInClient('http://web/')).toMatch(/^web-/);
    await cluster.masters.restart(leader ?? '');
  }, 90_000);
});
