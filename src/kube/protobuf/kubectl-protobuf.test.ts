// What the real kubectl sends: a tiny API server records the protobuf bodies
// of kubectl's typed clients, and each must decode to exactly the JSON that
// `kubectl create ... --dry-run=client -o json` prints for the same command
// (less the nulls Go prints for unset pointers and zero times, which protobuf
// cannot carry). This proves the schemas' field numbers against the client.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from '../../auth/index.js';
import {
  decodeKubernetesProtobuf,
  decodeKubernetesProtobufDetailed,
  isKubernetesProtobuf,
  KubernetesProtobufError,
  ProtobufErrorCode,
} from './index.js';

const run = promisify(execFile);
const kubectlFound = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
}

type Json = Record<string, unknown>;

function resourceList(groupVersion: string, resources: readonly Json[]): Json {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

const verbs = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const resource = (name: string, kind: string, namespaced: boolean): Json => ({
  name,
  singularName: '',
  namespaced,
  kind,
  verbs,
});
const groups = ['apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'policy'];

/** Legacy discovery (kubectl falls back to it when /api answers plain JSON), just enough for the commands below. */
const discovery: Readonly<Record<string, Json>> = {
  '/version': { major: '1', minor: '32', gitVersion: 'v1.32.0' },
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((name) => ({
      name,
      versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
      preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
    })),
  },
  '/api/v1': resourceList('v1', [
    resource('pods', 'Pod', true),
    {
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    },
    resource('nodes', 'Node', false),
    resource('namespaces', 'Namespace', false),
    resource('configmaps', 'ConfigMap', true),
    resource('secrets', 'Secret', true),
    resource('services', 'Service', true),
    resource('serviceaccounts', 'ServiceAccount', true),
  ]),
  '/apis/apps/v1': resourceList('apps/v1', [resource('deployments', 'Deployment', true)]),
  '/apis/batch/v1': resourceList('batch/v1', [resource('jobs', 'Job', true), resource('cronjobs', 'CronJob', true)]),
  '/apis/networking.k8s.io/v1': resourceList('networking.k8s.io/v1', [resource('ingresses', 'Ingress', true)]),
  '/apis/rbac.authorization.k8s.io/v1': resourceList('rbac.authorization.k8s.io/v1', [
    resource('roles', 'Role', true),
    resource('clusterroles', 'ClusterRole', false),
    resource('rolebindings', 'RoleBinding', true),
    resource('clusterrolebindings', 'ClusterRoleBinding', false),
  ]),
  '/apis/policy/v1': resourceList('policy/v1', []),
};

/** The node and the one pod on it that `kubectl drain` sees; the pod is gone once it has been evicted. */
const node: Json = { kind: 'Node', apiVersion: 'v1', metadata: { name: 'w1', uid: 'n1' }, spec: {} };
const pod: Json = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    uid: 'p1',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'r1', controller: true }],
  },
  spec: { nodeName: 'w1', containers: [{ name: 'web', image: 'nginx' }] },
};

class FakeApiServer {
  readonly requests: Recorded[] = [];
  private readonly server: Server;
  private evicted = false;

  constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The pod is back on its node, and nothing is recorded. */
  reset(): void {
    this.evicted = false;
    this.requests.length = 0;
  }

  /** The bodies written since the last call, then forget them. */
  takeWrites(): Recorded[] {
    const writes = this.requests.filter((request) => request.method !== 'GET');
    this.requests.length = 0;
    return writes;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      this.requests.push({
        method,
        path: url.pathname,
        contentType: request.headers['content-type'] ?? '',
        body: Buffer.concat(chunks),
      });
      const [code, answer] = this.answer(method, url);
      const text = JSON.stringify(answer);
      response.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      response.end(text);
    });
  }

  private answer(method: string, url: URL): [number, Json] {
    const path = url.pathname;
    if (method === 'GET' && Object.hasOwn(discovery, path)) return [200, discovery[path] as Json];
    if (path === '/api/v1/nodes/w1')
      return [200, method === 'PATCH' ? { ...node, spec: { unschedulable: true } } : node];
    if (method === 'GET' && path === '/api/v1/pods')
      return [200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.evicted ? [] : [pod] }];
    if (
      (method === 'POST' && path === '/api/v1/namespaces/default/pods/web-1/eviction') ||
      (method === 'DELETE' && path === '/api/v1/namespaces/default/pods/web-1')
    ) {
      this.evicted = true;
      return [201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' }];
    }
    if (method === 'GET' && path === '/api/v1/namespaces/default/pods/web-1')
      return this.evicted ? [404, notFound('pods', 'web-1')] : [200, pod];
    if (method === 'POST') return [201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' }];
    return [404, notFound('', path)];
  }
}

function notFound(kind: string, name: string): Json {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'NotFound',
    code: 404,
    details: { name, kind },
  };
}

/** The JSON less its nulls: unset pointers and zero times, which Go prints and protobuf never carries. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null)
      .map(([key, entry]) => [key, withoutNulls(entry)]),
  );
}

describe.skipIf(!kubectlFound)('protobuf bodies from the real kubectl', () => {
  const server = new FakeApiServer();
  let dir = '';
  let kubectl: (args: readonly string[]) => Promise<string>;

  beforeAll(async () => {
    const address = await server.start();
    dir = mkdtempSync(join(tmpdir(), 'kubectl-protobuf-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: fake, cluster: {server: "${address}"}}]`,
        'users: [{name: nobody, user: {}}]',
        'contexts: [{name: fake, context: {cluster: fake, user: nobody, namespace: default}}]',
        'current-context: fake',
      ].join('\n'),
    );
    const tls = await createCertificateAuthority('tls.example.com');
    writeFileSync(join(dir, 'tls.crt'), tls.certificatePem);
    writeFileSync(join(dir, 'tls.key'), tls.keyPem);
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const env = { PATH: process.env['PATH'] ?? '', HOME: dir, KUBECONFIG: kubeconfig };
    kubectl = async (args) =>
      (await run('kubectl', [...args, `--cache-dir=${join(dir, 'cache')}`], { env, cwd: dir, timeout: 20_000 })).stdout;
  });

  afterAll(async () => {
    await server.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const creates: readonly (readonly string[])[] = [
    ['create', 'configmap', 'settings', '--from-literal=a=b', '--from-literal=empty=', '--from-file=blob.bin'],
    ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'],
    ['create', 'deployment', 'idle', '--image=nginx', '--replicas=0'],
    ['create', 'secret', 'generic', 'password', '--from-literal=p=q', '--type=Opaque'],
    ['create', 'secret', 'tls', 'site', '--cert=tls.crt', '--key=tls.key'],
    [
      'create',
      'secret',
      'docker-registry',
      'pull',
      '--docker-username=u',
      '--docker-password=p',
      '--docker-server=r.io',
    ],
    ['create', 'namespace', 'team'],
    ['create', 'job', 'once', '--image=busybox', '--', 'sh', '-c', 'echo hi'],
    ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--restart=Never'],
    ['create', 'service', 'clusterip', 'api', '--tcp=80:8080', '--tcp=443'],
    ['create', 'service', 'nodeport', 'edge', '--tcp=80:8080', '--node-port=30080'],
    ['create', 'service', 'clusterip', 'headless', '--clusterip=None'],
    ['create', 'serviceaccount', 'robot'],
    ['create', 'role', 'reader', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=web'],
    ['create', 'clusterrole', 'health', '--verb=get', '--non-resource-url=/healthz'],
    ['create', 'rolebinding', 'read', '--role=reader', '--user=ann', '--serviceaccount=default:robot'],
    ['create', 'clusterrolebinding', 'health', '--clusterrole=health', '--group=ops'],
    [
      'create',
      'ingress',
      'front',
      '--class=nginx',
      '--rule=shop.example.com/api*=api:80,tls=site',
      '--default-backend=api:80',
    ],
  ];

  it.each(creates.map((args) => [args.join(' '), args] as const))('kubectl %s', async (_name, args) => {
    server.takeWrites();
    await kubectl(args);
    const writes = server.takeWrites();
    expect(writes).toHaveLength(1);
    const [write] = writes as [Recorded];
    expect(write.method).toBe('POST');
    expect(isKubernetesProtobuf(write.contentType)).toBe(true);
    const decoded = decodeKubernetesProtobufDetailed(write.body);
    expect(decoded.unknownFields).toEqual([]);
    // Before any `--`, after which the words are the container's command.
    const end = args.includes('--') ? args.indexOf('--') : args.length;
    const dryRun = [...args.slice(0, end), '--dry-run=client', '-o', 'json', ...args.slice(end)];
    const printed: unknown = JSON.parse(await kubectl(dryRun));
    expect(decoded.object).toEqual(withoutNulls(printed));
  });

  /** A body in whichever encoding kubectl chose, as Kubernetes JSON. */
  function bodyJson(write: Recorded): unknown {
    if (isKubernetesProtobuf(write.contentType)) return decodeKubernetesProtobuf(write.body);
    expect(write.contentType).toBe('application/json');
    return withoutNulls(JSON.parse(write.body.toString('utf8')));
  }

  // kubectl 1.32 posts the Eviction as JSON, and the DeleteOptions of a plain delete as protobuf.
  it.each([
    ['eviction', [], 'POST /api/v1/namespaces/default/pods/web-1/eviction', 'application/json'],
    [
      'deletion',
      ['--disable-eviction'],
      'DELETE /api/v1/namespaces/default/pods/web-1',
      'application/vnd.kubernetes.protobuf',
    ],
  ] as const)(
    'kubectl drain: the %s of a pod carries gracePeriodSeconds: 0',
    async (how, flags, request, contentType) => {
      server.reset();
      await kubectl(['drain', 'w1', '--grace-period=0', '--timeout=20s', ...flags]);
      const writes = server.takeWrites();
      expect(writes.map((write) => `${write.method} ${write.path}`)).toEqual(['PATCH /api/v1/nodes/w1', request]);
      expect(writes[1]?.contentType).toBe(contentType);
      const deleteOptions = { gracePeriodSeconds: 0 };
      expect(bodyJson(writes[1] as Recorded)).toEqual(
        how === 'eviction'
          ? {
              apiVersion: 'policy/v1',
              kind: 'Eviction',
              metadata: { name: 'web-1', namespace: 'default' },
              deleteOptions,
            }
          : { apiVersion: 'v1', kind: 'DeleteOptions', ...deleteOptions },
      );
    },
  );

  it('kubectl create quota: a kind without a schema is refused by name', async () => {
    server.takeWrites();
    await kubectl(['create', 'quota', 'q', '--hard=pods=2']);
    const [write] = server.takeWrites() as [Recorded];
    expect(isKubernetesProtobuf(write.contentType)).toBe(true);
    let refused: unknown;
    try {
      decodeKubernetesProtobuf(write.body);
    } catch (error: unknown) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(KubernetesProtobufError);
    expect((refused as KubernetesProtobufError).code).toBe(ProtobufErrorCode.unsupportedKind);
    expect((refused as KubernetesProtobufError).message).toMatch(/kind ResourceQuota of v1/);
  });
});
