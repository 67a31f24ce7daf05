/**
 * A conformance-style walk of the REST API, written here: from the discovery
 * documents (as kubectl reads them), every resource that offers the verbs is
 * taken through create → get → list (plain and as a Table) → watch → patch →
 * delete, and each answer is checked for the shape kubectl and client-go
 * expect (kinds, list kinds, resourceVersions, watch event order, Status on a
 * missing object). A resource discovery lists with no sample here fails the
 * walk, so a new kind cannot slip past it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubectlCluster, kubectlVersion, restRequest, restWatch } from './kubectl-cluster.js';
import { waitFor } from '../raft/replica-cluster.js';

type Json = Record<string, unknown>;

const ns = 'conformance';
const neverScheduled = { nodeSelector: { 'conformance.orca.dev/none': 'none' } };
const podSpec = { ...neverScheduled, containers: [{ name: 'c', image: 'none', command: ['sleep', '3600'] }] };
const template = { metadata: { labels: { app: 'conf' } }, spec: podSpec };
const selector = { matchLabels: { app: 'conf' } };

/** One object per kind, valid as Kubernetes documents it, that no controller will act on. */
const samples: Record<string, Json> = {
  Namespace: {},
  Node: { spec: { unschedulable: true } },
  Pod: { spec: podSpec },
  Service: { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
  Endpoints: { subsets: [{ addresses: [{ ip: '10.1.2.3' }], ports: [{ port: 80 }] }] },
  ConfigMap: { data: { a: 'b' } },
  Secret: { type: 'Opaque', data: { a: Buffer.from('b').toString('base64') } },
  ServiceAccount: {},
  Event: {
    involvedObject: { kind: 'Pod', name: 'x', namespace: ns },
    reason: 'Conformance',
    message: 'a test event',
    type: 'Normal',
  },
  PersistentVolume: {
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/conformance' } },
  },
  PersistentVolumeClaim: {
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: 'unbound' },
  },
  Lease: { spec: { holderIdentity: 'conformance', leaseDurationSeconds: 30 } },
  ReplicaSet: { spec: { replicas: 0, selector, template } },
  Deployment: { spec: { replicas: 0, selector, template } },
  StatefulSet: { spec: { replicas: 0, serviceName: 'conf', selector, template } },
  DaemonSet: { spec: { selector, template } },
  Job: {
    spec: { suspend: true, template: { spec: { ...podSpec, restartPolicy: 'Never' } } },
  },
  CronJob: {
    spec: {
      schedule: '0 0 1 1 *',
      suspend: true,
      jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } } },
    },
  },
  Ingress: {
    spec: {
      rules: [
        {
          host: 'conf.example',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'conf', port: { number: 80 } } } }],
          },
        },
      ],
    },
  },
  IngressClass: { spec: { controller: 'example.com/conformance' } },
  Role: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  ClusterRole: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  RoleBinding: {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'conf' },
    subjects: [{ kind: 'User', name: 'someone', apiGroup: 'rbac.authorization.k8s.io' }],
  },
  ClusterRoleBinding: {
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'conf' },
    subjects: [{ kind: 'User', name: 'someone', apiGroup: 'rbac.authorization.k8s.io' }],
  },
};

interface DiscoveredResource {
  readonly groupVersion: string;
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

const version = await kubectlVersion();

describe.skipIf(version === undefined)('the REST API, resource by resource from discovery', () => {
  let cluster: KubectlCluster;
  const discovered: DiscoveredResource[] = [];

  beforeAll(async () => {
    cluster = await KubectlCluster.start({ workers: 0 });
    const core = await restRequest(cluster, 'GET', '/api');
    expect(core.json<{ versions: string[] }>().versions).toEqual(['v1']);
    const groups = (await restRequest(cluster, 'GET', '/apis')).json<{
      groups: { preferredVersion: { groupVersion: string } }[];
    }>().groups;
    const paths = ['/api/v1', ...groups.map((group) => `/apis/${group.preferredVersion.groupVersion}`)];
    for (const path of paths) {
      const list = (await restRequest(cluster, 'GET', path)).json<{
        groupVersion: string;
        resources: Omit<DiscoveredResource, 'groupVersion'>[];
      }>();
      for (const resource of list.resources)
        if (!resource.name.includes('/') && resource.verbs.includes('create') && resource.verbs.includes('delete'))
          discovered.push({ ...resource, groupVersion: list.groupVersion });
    }
    const created = await restRequest(cluster, 'POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    expect(created.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('discovers every kind, each with a sample here', () => {
    expect(discovered.length).toBeGreaterThanOrEqual(Object.keys(samples).length);
    expect(discovered.map((resource) => resource.kind).filter((kind) => samples[kind] === undefined)).toEqual([]);
  });

  it('takes every resource through create, get, list, table, watch, patch and delete', async () => {
    const failures: string[] = [];
    for (const resource of discovered) {
      try {
        await walk(cluster, resource);
      } catch (error: unknown) {
        failures.push(
          `${resource.groupVersion} ${resource.name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

function base(resource: DiscoveredResource): string {
  const prefix = resource.groupVersion === 'v1' ? '/api/v1' : `/apis/${resource.groupVersion}`;
  return resource.namespaced ? `${prefix}/namespaces/${ns}/${resource.name}` : `${prefix}/${resource.name}`;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function walk(cluster: KubectlCluster, resource: DiscoveredResource): Promise<void> {
  const sample = samples[resource.kind] ?? {};
  const name = resource.kind === 'Namespace' ? 'conf-namespace' : 'conf';
  const collection = base(resource);
  const body = {
    apiVersion: resource.groupVersion,
    kind: resource.kind,
    metadata: { name, labels: { walk: 'yes' } },
    ...sample,
  };
  const created = await restRequest(cluster, 'POST', collection, body);
  check(created.status === 201, `create answered ${created.status}: ${created.text}`);
  const object = created.json<{
    apiVersion: string;
    kind: string;
    metadata: { resourceVersion: string; uid: string };
  }>();
  check(
    object.kind === resource.kind && object.apiVersion === resource.groupVersion,
    `create answered a ${object.kind}`,
  );
  check(/^\d+$/.test(object.metadata.resourceVersion), `resourceVersion "${object.metadata.resourceVersion}"`);
  check(object.metadata.uid !== '', 'no uid');

  const got = await restRequest(cluster, 'GET', `${collection}/${name}`);
  check(
    got.status === 200 && got.json<{ metadata: { uid: string } }>().metadata.uid === object.metadata.uid,
    `get: ${got.text}`,
  );

  const list = (await restRequest(cluster, 'GET', `${collection}?labelSelector=walk%3Dyes`)).json<{
    kind: string;
    metadata: { resourceVersion: string };
    items: { metadata: { name: string } }[];
  }>();
  check(list.kind === `${resource.kind}List`, `list kind ${list.kind}`);
  check(
    list.items.some((item) => item.metadata.name === name),
    'the list misses the object',
  );

  const table = (
    await restRequest(cluster, 'GET', collection, undefined, {
      Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    })
  ).json<{ kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] }>();
  check(table.kind === 'Table', `table kind ${table.kind}`);
  check(table.columnDefinitions[0]?.name === 'Name' || resource.kind === 'Event', 'the first column is not Name');
  check(
    table.rows.every((row) => row.cells.length === table.columnDefinitions.length),
    'rows and columns differ',
  );

  const watch = await restWatch(cluster, `${collection}?watch=1&resourceVersion=${object.metadata.resourceVersion}`);
  try {
    const patched = await restRequest(
      cluster,
      'PATCH',
      `${collection}/${name}`,
      { metadata: { labels: { patched: 'yes' } } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    check(patched.status === 200, `merge patch answered ${patched.status}: ${patched.text}`);
    check(
      patched.json<{ metadata: { labels: Record<string, string> } }>().metadata.labels['patched'] === 'yes',
      'patch lost',
    );
    const deleted = await restRequest(cluster, 'DELETE', `${collection}/${name}`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Background',
    });
    check(deleted.status === 200, `delete answered ${deleted.status}: ${deleted.text}`);
    await waitFor(
      `${resource.name}: the watch to see MODIFIED then DELETED`,
      20_000,
      async () => {
        const ours = watch.events.filter(
          (event) => (event.object['metadata'] as { name?: string } | undefined)?.name === name,
        );
        return ours.some((event) => event.type === 'DELETED') ? ours : undefined;
      },
      50,
    ).then((events) => {
      const types = events.map((event) => event.type);
      check(types[0] === 'MODIFIED' && types.at(-1) === 'DELETED', `watch events ${types.join(',')}`);
    });
  } finally {
    watch.close();
  }
  const missing = await restRequest(cluster, 'GET', `${collection}/${name}`);
  check(missing.status === 404, `get after delete answered ${missing.status}`);
  const status = missing.json<{ kind: string; reason: string; details: { kind: string; name: string } }>();
  check(
    status.kind === 'Status' &&
      status.reason === 'NotFound' &&
      status.details.kind === resource.name &&
      status.details.name === name,
    `not-found Status: ${missing.text}`,
  );
}
