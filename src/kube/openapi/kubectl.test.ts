// The documents against the real client. kubectl explain reads only the
// discovery documents and OpenAPI v3; kubectl apply reads OpenAPI v3 to decide
// whether the server validates (fieldValidation on PATCH) and to compute its
// strategic merge patch (the merge keys). A tiny HTTP server serving those, and
// one pod, proves that the real kubectl finds each kind by its GVK, follows the
// references, prints the descriptions and merges lists by key.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiV3Document, openApiV3IndexDocument } from './index.js';

const kubectlAvailable = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

function resource(name: string, kind: string, shortNames: string[]): Record<string, unknown> {
  return {
    name,
    singularName: kind.toLowerCase(),
    namespaced: true,
    kind,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames,
  };
}

/** The legacy discovery documents for pods and deployments: kubectl falls back to them from aggregated discovery. */
const discovery: Readonly<Record<string, unknown>> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: 'apps',
        versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
      },
    ],
  },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [resource('pods', 'Pod', ['po'])],
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apps/v1',
    resources: [resource('deployments', 'Deployment', ['deploy'])],
  },
};

function podManifest(name: string, containers: readonly string[]): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: containers.map((container) => ({ name: container, image: 'nginx' })) },
  };
}

/** A pod kubectl applied before with one container: its last-applied annotation is what apply diffs against. */
function existingPod(): Record<string, unknown> {
  const applied = podManifest('existing', ['web']);
  return {
    ...applied,
    metadata: {
      name: 'existing',
      namespace: 'default',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) },
    },
  };
}

const patches: { contentType: string | undefined; body: unknown }[] = [];

function body(path: string): string | undefined {
  if (path === '/api/v1/namespaces/default/pods/existing') return JSON.stringify(existingPod());
  if (path === '/openapi/v3') return openApiV3IndexDocument().json;
  if (path.startsWith('/openapi/v3/')) return openApiV3Document(path.slice('/openapi/v3/'.length))?.json;
  const document = discovery[path];
  return document === undefined ? undefined : JSON.stringify(document);
}

let server: Server;
let workDir: string;
let kubeconfig: string;
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requested.push(url.pathname);
    if (request.method === 'PATCH') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        patches.push({
          contentType: request.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(existingPod()));
      });
      return;
    }
    const text = body(url.pathname);
    if (text === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  workDir = mkdtempSync(join(tmpdir(), 'orca-openapi-'));
  kubeconfig = join(workDir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: test\n  cluster:\n    server: http://127.0.0.1:${port}`,
      'users:',
      '- name: test\n  user: {}',
      'contexts:',
      '- name: test\n  context:\n    cluster: test\n    user: test',
      'current-context: test',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(workDir, { recursive: true, force: true });
});

function writeManifest(file: string, name: string, containers: readonly string[]): string {
  const path = join(workDir, file);
  writeFileSync(path, JSON.stringify(podManifest(name, containers)));
  return path;
}

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(workDir, 'cache'), ...args],
      { timeout: 20_000, env: { PATH: process.env['PATH'] ?? '', HOME: workDir } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    );
  });
}

describe.skipIf(!kubectlAvailable)('kubectl against the documents', () => {
  it('explains pods.spec.containers: the field, its type, its description and its fields', async () => {
    const result = await kubectl('explain', 'pods.spec.containers');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('KIND:       Pod');
    expect(result.stdout).toContain('VERSION:    v1');
    expect(result.stdout).toContain('FIELD: containers <[]Container>');
    expect(result.stdout).toContain('The containers of the pod. There must be at least one.');
    expect(result.stdout).toMatch(/^ {2}name\s+<string> -required-$/m);
    // a description read from the proto's own comment
    expect(result.stdout).toContain('Only "Always", on an init container: a sidecar.');
    expect(requested).toContain('/openapi/v3/api/v1');
  });

  it('explains deployment.spec.replicas from the apps/v1 document', async () => {
    const result = await kubectl('explain', 'deployment.spec.replicas');
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('GROUP:      apps');
    expect(result.stdout).toContain('FIELD: replicas <integer>');
    expect(result.stdout).toContain('The number of pods wanted. Defaults to 1.');
  });

  it('lets kubectl apply leave validation to the server: the PATCH operation of Pod lists fieldValidation', async () => {
    const manifest = writeManifest('new.yaml', 'fresh', ['web']);
    requested.length = 0;
    const result = await kubectl('apply', '--dry-run=client', '-f', manifest);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('pod/fresh created (dry run)\n');
    // without fieldValidation on the PATCH operation, kubectl validates on the client, from /openapi/v2
    expect(requested).not.toContain('/openapi/v2');
  });

  it('makes kubectl apply merge containers by name, from the merge keys of the document', async () => {
    const manifest = writeManifest('existing.yaml', 'existing', ['web', 'sidecar']);
    const result = await kubectl('apply', '-f', manifest);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('pod/existing configured\n');
    expect(patches).toHaveLength(1);
    const [patch] = patches;
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    const spec = (patch?.body as { spec: Record<string, unknown> }).spec;
    // a list merged by key: only the new container is sent, with the order of all of them
    expect(spec['$setElementOrder/containers']).toEqual([{ name: 'web' }, { name: 'sidecar' }]);
    expect(spec['containers']).toEqual([{ name: 'sidecar', image: 'nginx' }]);
  });

  it('prints references to named scalars by their type, as for Kubernetes', async () => {
    const result = await kubectl('explain', 'pods.spec.containers.resources');
    expect(result.stdout).toMatch(/limits\s+<map\[string\]Quantity>/);
    const probe = await kubectl('explain', 'pods.spec.containers.livenessProbe.httpGet.port');
    expect(probe.stdout).toContain('FIELD: port <IntOrString>');
  });
});
