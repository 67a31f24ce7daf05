import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ManifestError } from './errors.js';
import { decodeObject, encodeObject, parseManifest, toJson, toYaml } from './manifest.js';
import type { ClusterRole, Deployment, RoleBinding, Secret, Service, ServiceAccount } from './model.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');
const fixtures = [
  'deployment.yaml',
  'service.yaml',
  'statefulset.yaml',
  'cronjob.yaml',
  'config.yaml',
  'exported.yaml',
  'rbac.yaml',
];

function fixture(name: string): string {
  return readFileSync(join(testdata, name), 'utf8');
}

/** The documents as plain JSON, read the way Kubernetes reads YAML. */
function plainDocuments(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' })
    .map((document) => document.toJS() as unknown)
    .filter((value) => value !== null);
}

function manifestError(run: () => unknown): ManifestError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

describe('reading real Kubernetes manifests', () => {
  it.each(fixtures.filter((name) => name !== 'config.yaml' && name !== 'exported.yaml'))(
    '%s encodes back to exactly the Kubernetes JSON it came from',
    (name) => {
      const text = fixture(name);
      expect(parseManifest(text).map(encodeObject)).toEqual(plainDocuments(text));
    },
  );

  it('encodes an object exported from Kubernetes back to the same JSON but for nulls and zero counts, which mean unset', () => {
    const text = fixture('exported.yaml');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reaching into the fixture's known shape
    const [pod, service] = plainDocuments(text) as [Record<string, any>, unknown];
    delete pod['status'].conditions[0].lastProbeTime;
    delete pod['status'].containerStatuses[0].restartCount;
    expect(parseManifest(text).map(encodeObject)).toEqual([pod, service]);
  });

  it.each(fixtures)('%s survives a YAML and a JSON round trip unchanged', (name) => {
    const objects = parseManifest(fixture(name));
    expect(parseManifest(toYaml(objects))).toEqual(objects);
    expect(parseManifest(toJson(objects))).toEqual(objects);
  });

  it('reads ServiceAccounts, roles and bindings into the model, nonResourceURLs as nonResourceUrls', () => {
    const [account, , clusterRole, binding] = parseManifest(fixture('rbac.yaml')) as [
      ServiceAccount,
      unknown,
      ClusterRole,
      RoleBinding,
    ];
    expect(account.automountServiceAccountToken).toBe(false);
    expect(account.secrets).toEqual([{ name: 'builder-token' }]);
    expect(account.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(clusterRole.rules?.[0]).toEqual({ verbs: ['get'], nonResourceUrls: ['/healthz', '/readyz', '/livez'] });
    expect((encodeObject(clusterRole) as { rules: unknown[] }).rules[0]).toEqual({
      verbs: ['get'],
      nonResourceURLs: ['/healthz', '/readyz', '/livez'],
    });
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' });
    expect(binding.subjects?.[0]).toEqual({ kind: 'ServiceAccount', name: 'builder', namespace: 'ci' });
  });

  it('maps typed fields: IntOrString scalars, quantities, octal modes, acronym names', () => {
    const [deployment] = parseManifest(fixture('deployment.yaml')) as [Deployment];
    expect(deployment.spec?.strategy?.rollingUpdate).toEqual({
      maxSurge: { intVal: 1 },
      maxUnavailable: { strVal: '25%' },
    });
    const container = deployment.spec?.template?.spec?.containers?.[0];
    expect(container?.readinessProbe?.httpGet?.port).toEqual({ strVal: 'http' });
    expect(container?.resources?.limits).toEqual({ cpu: '1', memory: '512Mi' });
    expect(deployment.spec?.template?.spec?.volumes?.[0]?.configMap?.defaultMode).toBe(0o644);
    const [service] = parseManifest(
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  clusterIP: 10.0.0.7\n  ports: [{port: 80}]\n',
    ) as [Service];
    expect(service.spec?.clusterIp).toBe('10.0.0.7');
    expect(encodeObject(service)).toMatchObject({ spec: { clusterIP: '10.0.0.7' } });
  });

  it('keeps timestamps as RFC 3339 strings and quotes them on the way out', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: 2024-01-01T00:00:00Z\nstatus:\n  startTime: 2024-01-01T00:00:01.5+02:00\n';
    const objects = parseManifest(text);
    expect(objects[0]?.metadata?.creationTimestamp).toBe('2024-01-01T00:00:00Z');
    expect(toYaml(objects)).toContain('creationTimestamp: "2024-01-01T00:00:00Z"');
    expect(parseManifest(toYaml(objects))).toEqual(objects);
  });

  it('reads YAML 1.1 scalars as Kubernetes does and writes them back unambiguously', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {enabled: "yes", mode: "0644"}}\ndata: {flag: "on"}\n';
    const objects = parseManifest(text);
    expect(objects[0]?.metadata?.labels).toEqual({ enabled: 'yes', mode: '0644' });
    expect(parseManifest(toYaml(objects))).toEqual(objects);
    expect(() =>
      parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {enabled: yes}}\n'),
    ).toThrow(/metadata.labels.enabled: must be a string, not boolean/);
  });

  it('accepts numbers as quantities, as Kubernetes does', () => {
    const [pod] = parseManifest(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: i\n    resources: {requests: {cpu: 2, memory: 1073741824}}\n',
    );
    expect(pod).toMatchObject({
      spec: { containers: [{ resources: { requests: { cpu: '2', memory: '1073741824' } } }] },
    });
  });

  it('merges Secret stringData into data as base64, stringData winning', () => {
    const objects = parseManifest(fixture('config.yaml'));
    const secret = objects[1] as Secret;
    expect(secret.data).toEqual({ username: 'c2hvcA==', password: Buffer.from('s3cr3t!').toString('base64') });
    expect(encodeObject(secret)).not.toHaveProperty('stringData');
    const [overridden] = parseManifest(
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: eA==}\nstringData: {a: new}\n',
    ) as [Secret];
    expect(overridden.data).toEqual({ a: Buffer.from('new').toString('base64') });
  });

  it('puts apiVersion and kind first and leaves unset fields out', () => {
    const [deployment] = parseManifest(fixture('deployment.yaml'));
    const yaml = toYaml([deployment as Deployment]);
    expect(yaml.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:')).toBe(true);
    expect(yaml).not.toContain('status');
    expect(yaml).not.toContain('null');
  });
});

describe('multi-document files and Lists', () => {
  it('reads every document in order and skips empty ones', () => {
    const text = `---\n${fixture('service.yaml')}---\n---\n${fixture('cronjob.yaml')}\n---\n`;
    expect(parseManifest(text).map((object) => object.kind)).toEqual(['Service', 'CronJob']);
  });

  it('reads the items of a List and of a typed list such as PodList', () => {
    const list =
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Namespace, metadata: {name: b}}\n';
    expect(parseManifest(list).map((object) => object.metadata?.name)).toEqual(['a', 'b']);
    const podList =
      'apiVersion: v1\nkind: PodList\nmetadata: {resourceVersion: "7"}\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n';
    expect(parseManifest(podList).map((object) => object.kind)).toEqual(['Pod']);
  });

  it('writes several objects as a JSON List that reads back', () => {
    const objects = parseManifest(fixture('config.yaml'));
    expect(JSON.parse(toJson(objects))).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(parseManifest(toJson(objects))).toEqual(objects);
  });

  it('reads a JSON object', () => {
    const objects = parseManifest('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}');
    expect(objects).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
  });
});

describe('refusing what Kubernetes would refuse', () => {
  it('names the document index and kind of an unknown kind', () => {
    const error = manifestError(() =>
      parseManifest(`${fixture('service.yaml')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n`),
    );
    expect(error.code).toBe('unknown-kind');
    expect(error.documentIndex).toBe(1);
    expect(error.message).toMatch(/document 1.*unknown kind "Widget"/);
  });

  it('refuses a known kind at the wrong apiVersion', () => {
    const error = manifestError(() =>
      parseManifest('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n'),
    );
    expect(error.fieldErrors).toEqual([
      { path: 'apiVersion', message: 'kind Deployment is served at apiVersion apps/v1, not extensions/v1beta1' },
    ]);
  });

  it('requires apiVersion and kind', () => {
    expect(manifestError(() => parseManifest('kind: Pod\n')).fieldErrors).toEqual([
      { path: 'apiVersion', message: 'required' },
    ]);
    expect(manifestError(() => parseManifest('apiVersion: v1\nmetadata: {}\n')).fieldErrors).toEqual([
      { path: 'kind', message: 'required' },
    ]);
  });

  it('rejects unknown fields with their path, all at once', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, lables: {}}\nspec:\n  replica: 2\n  template:\n    spec:\n      containers:\n      - name: c\n        image: i\n        imagePolicy: Always\n';
    const error = manifestError(() => parseManifest(text));
    expect(error.fieldErrors.map((fieldError) => fieldError.path)).toEqual([
      'metadata.lables',
      'spec.replica',
      'spec.template.spec.containers[0].imagePolicy',
    ]);
    expect(error.message).toContain('spec.replica: unknown field');
    expect(error.message).toContain('Deployment d');
  });

  it('rejects the model spelling of an acronym field, which is not a Kubernetes name', () => {
    const error = manifestError(() =>
      parseManifest('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIp: None}\n'),
    );
    expect(error.fieldErrors).toEqual([{ path: 'spec.clusterIp', message: 'unknown field' }]);
  });

  it('refuses ClusterRole aggregationRule, which Orca does not model, rather than dropping it', () => {
    const error = manifestError(() =>
      parseManifest(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: view}\naggregationRule: {clusterRoleSelectors: []}\n',
      ),
    );
    expect(error.fieldErrors).toEqual([{ path: 'aggregationRule', message: 'unknown field' }]);
  });

  it('rejects the model spelling nonResourceUrls in a manifest', () => {
    const error = manifestError(() =>
      parseManifest(
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: h}\nrules: [{verbs: [get], nonResourceUrls: [/healthz]}]\n',
      ),
    );
    expect(error.fieldErrors).toEqual([{ path: 'rules[0].nonResourceUrls', message: 'unknown field' }]);
  });

  it('rejects values of the wrong type with their path', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {version: 2}}\nspec:\n  hostNetwork: "yes please"\n  containers:\n  - name: c\n    image: i\n    ports: {containerPort: 80}\n    env: [{name: A, value: 8080}]\n';
    expect(manifestError(() => parseManifest(text)).fieldErrors).toEqual([
      { path: 'metadata.labels.version', message: 'must be a string, not number' },
      { path: 'spec.hostNetwork', message: 'must be a boolean, not string' },
      { path: 'spec.containers[0].ports', message: 'must be a list, not object' },
      { path: 'spec.containers[0].env[0].value', message: 'must be a string, not number' },
    ]);
  });

  it('names the List item that is broken', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}, dta: {}}\n';
    expect(manifestError(() => parseManifest(text)).fieldErrors).toEqual([
      { path: 'items[1].dta', message: 'unknown field' },
    ]);
  });

  it('refuses an object over 1.5 MiB encoded', () => {
    const big = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big' },
      data: { blob: 'x'.repeat(1.5 * 1024 * 1024) },
    };
    const error = manifestError(() => parseManifest(JSON.stringify(big)));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/ConfigMap big.*more than the 1572864 allowed/);
    const small = { ...big, data: { blob: 'x'.repeat(1024 * 1024) } };
    expect(decodeObject(small).kind).toBe('ConfigMap');
  });

  it('reports YAML syntax errors with the document index', () => {
    const error = manifestError(() =>
      parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: [unclosed\n'),
    );
    expect(error.documentIndex).toBe(1);
    expect(error.message).toContain('not valid YAML');
  });

  it('refuses a document that is not an object', () => {
    expect(manifestError(() => parseManifest('- a\n- b\n')).message).toContain('must be an object');
  });
});
