/**
 * REST semantics a client relies on, against one in-process master serving
 * the Kubernetes REST API on its HTTP port (plaintext: the wire is not the
 * point here): pagination, a watch from a revision past the kept window (410
 * Expired), bookmarks, resourceVersion conflicts (409), dry runs that write
 * nothing, the status and scale subresources, deletecollection, eviction and
 * binding, bad bodies answered with a Status and no write.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeApi } from '../../src/kube/index.js';
import type { Master } from '../../src/master/index.js';
import { TestMasters, waitFor } from '../../src/master/test-support.js';

type Json = Record<string, unknown>;

interface Answer {
  readonly status: number;
  readonly body: Json;
}

function call(
  master: Master,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  const [host, port] = (master.httpAddress ?? '').split(':');
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host,
        port: Number(port),
        method,
        path,
        headers: {
          Accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Json) }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The events of a watch until `count` arrived (or the stream ended). */
function watchEvents(
  master: Master,
  path: string,
  count: number,
  timeoutMs = 10_000,
): Promise<{ status: number; events: Json[] }> {
  const [host, port] = (master.httpAddress ?? '').split(':');
  return new Promise((resolve, reject) => {
    const events: Json[] = [];
    const request = httpRequest(
      { host, port: Number(port), path, headers: { Accept: 'application/json' } },
      (response) => {
        let buffered = '';
        const timer = setTimeout(() => {
          request.destroy();
          resolve({ status: response.statusCode ?? 0, events });
        }, timeoutMs);
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line !== '') events.push(JSON.parse(line) as Json);
            newline = buffered.indexOf('\n');
          }
          if (events.length >= count) {
            clearTimeout(timer);
            request.destroy();
            resolve({ status: response.statusCode ?? 0, events });
          }
        });
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, events });
        });
      },
    );
    request.on('error', (error) => (events.length > 0 ? undefined : reject(error)));
    request.end();
  });
}

const configMap = (name: string, data: Record<string, string> = { a: '1' }): Json => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});

const deployment = (name: string): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'app:1' }] } },
  },
});

describe('REST semantics on one master', () => {
  const masters = new TestMasters();
  let master: Master;
  const cms = '/api/v1/namespaces/default/configmaps';

  beforeAll(async () => {
    master = await masters.start('m1', {
      bootstrap: true,
      http: '127.0.0.1:0',
      httpExtensions: [kubeApi()],
      changeLogCountMax: 50,
      bookmarkIntervalMs: 100,
    });
    await waitFor('a leader', 5000, () => (master.node.state === 'leader' ? true : undefined));
  });

  afterAll(async () => {
    await masters.close();
  });

  it('pages a list with limit and continue, all at one resourceVersion', async () => {
    for (let index = 0; index < 7; index += 1)
      expect((await call(master, 'POST', cms, configMap(`page-${index}`))).status).toBe(201);
    const names: string[] = [];
    let token = '';
    let pages = 0;
    let version = '';
    do {
      const page = await call(
        master,
        'GET',
        `${cms}?limit=3${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}`,
      );
      expect(page.status).toBe(200);
      const metadata = page.body['metadata'] as { continue?: string; resourceVersion: string };
      version ||= metadata.resourceVersion;
      expect(metadata.resourceVersion).toBe(version);
      names.push(...(page.body['items'] as { metadata: { name: string } }[]).map((item) => item.metadata.name));
      token = metadata.continue ?? '';
      pages += 1;
    } while (token !== '');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(names.filter((name) => name.startsWith('page-')).sort()).toEqual(
      Array.from({ length: 7 }, (_, index) => `page-${index}`),
    );
  });

  it('answers 410 Expired for a watch from a revision older than the kept window', async () => {
    for (let index = 0; index < 60; index += 1) await call(master, 'POST', cms, configMap(`churn-${index}`));
    const watch = await watchEvents(master, `${cms}?watch=1&resourceVersion=2`, 1, 3000);
    const expired = watch.status === 410 || watch.events.some((event) => event['type'] === 'ERROR');
    expect(expired).toBe(true);
    if (watch.status === 200) {
      const status = watch.events[0]?.['object'] as { code: number; reason: string };
      expect(status).toMatchObject({ code: 410, reason: 'Expired' });
    }
  });

  it('sends bookmarks while idle when asked', async () => {
    const list = await call(master, 'GET', cms);
    const version = (list.body['metadata'] as { resourceVersion: string }).resourceVersion;
    const watch = await watchEvents(
      master,
      `${cms}?watch=1&allowWatchBookmarks=true&resourceVersion=${version}`,
      1,
      5000,
    );
    expect(watch.events[0]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1' } });
  });

  it('refuses a stale update with 409 Conflict, and a dry run writes nothing', async () => {
    const created = await call(master, 'POST', cms, configMap('cas'));
    const object = created.body as { metadata: { resourceVersion: string } };
    const first = await call(master, 'PUT', `${cms}/cas`, { ...created.body, data: { a: '2' } });
    expect(first.status).toBe(200);
    const stale = await call(master, 'PUT', `${cms}/cas`, { ...created.body, data: { a: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    expect(String(stale.body['message'])).toContain('configmaps "cas"');
    const dry = await call(master, 'PUT', `${cms}/cas?dryRun=All`, { ...first.body, data: { a: 'dry' } });
    expect(dry.status).toBe(200);
    expect((dry.body['data'] as Record<string, string>)['a']).toBe('dry');
    const createdDry = await call(master, 'POST', `${cms}?dryRun=All`, configMap('never'));
    expect(createdDry.status).toBe(201);
    expect((await call(master, 'GET', `${cms}/never`)).status).toBe(404);
    const live = await call(master, 'GET', `${cms}/cas`);
    expect((live.body['data'] as Record<string, string>)['a']).toBe('2');
    expect(object.metadata.resourceVersion).not.toBe(
      (live.body['metadata'] as { resourceVersion: string }).resourceVersion,
    );
  });

  it('answers bad bodies with a Status and writes nothing', async () => {
    const notJson = await call(master, 'POST', cms, '{nope');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    const invalid = await call(master, 'POST', cms, configMap('Bad_Name'));
    expect(invalid.status).toBe(422);
    expect(invalid.body).toMatchObject({ reason: 'Invalid' });
    expect(JSON.stringify(invalid.body['details'])).toContain('metadata.name');
    const wrongKind = await call(master, 'POST', cms, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } });
    expect(wrongKind.status).toBe(400);
    const strict = await call(master, 'POST', `${cms}?fieldValidation=Strict`, { ...configMap('strict'), extra: 1 });
    expect(strict.status).toBe(400);
    expect(String(strict.body['message'])).toBe('strict decoding error: unknown field "extra"');
    expect((await call(master, 'GET', `${cms}/strict`)).status).toBe(404);
    const patchType = await call(master, 'PATCH', `${cms}/cas`, '{}', 'text/plain');
    expect(patchType.status).toBe(415);
    const unknownPath = await call(master, 'GET', '/apis/apps/v1/widgets');
    expect(unknownPath).toMatchObject({ status: 404, body: { kind: 'Status', reason: 'NotFound' } });
  });

  it('serves the scale and status subresources', async () => {
    const deployments = '/apis/apps/v1/namespaces/default/deployments';
    expect((await call(master, 'POST', deployments, deployment('web'))).status).toBe(201);
    const scale = await call(master, 'GET', `${deployments}/web/scale`);
    expect(scale.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { selector: 'app=web' },
    });
    const scaled = await call(
      master,
      'PATCH',
      `${deployments}/web/scale`,
      { spec: { replicas: 4 } },
      'application/merge-patch+json',
    );
    expect(scaled.body).toMatchObject({ spec: { replicas: 4 } });
    const live = await call(master, 'GET', `${deployments}/web`);
    expect((live.body['spec'] as { replicas: number }).replicas).toBe(4);
    const status = await call(
      master,
      'PATCH',
      `${deployments}/web/status`,
      { status: { observedGeneration: 7 } },
      'application/merge-patch+json',
    );
    expect(status.status).toBe(200);
    expect((status.body['status'] as { observedGeneration: number }).observedGeneration).toBe(7);
    // A status write leaves the spec alone.
    expect(((await call(master, 'GET', `${deployments}/web`)).body['spec'] as { replicas: number }).replicas).toBe(4);
  });

  it('deletes a collection by selector, and evicts and binds pods', async () => {
    for (const name of ['keep', 'drop-1', 'drop-2'])
      await call(master, 'POST', cms, {
        ...configMap(name),
        metadata: { name, labels: { fate: name.startsWith('drop') ? 'drop' : 'keep' } },
      });
    const dropped = await call(master, 'DELETE', `${cms}?labelSelector=fate%3Ddrop`);
    expect(dropped.status).toBe(200);
    expect((dropped.body['items'] as unknown[]).length).toBe(2);
    expect((await call(master, 'GET', `${cms}/keep`)).status).toBe(200);
    expect((await call(master, 'GET', `${cms}/drop-1`)).status).toBe(404);

    const pods = '/api/v1/namespaces/default/pods';
    const pod = (name: string): Json => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'c', image: 'app:1' }] },
    });
    await call(master, 'POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    // The binding is re-checked against the node's room when it applies: give the node some.
    const room = { pods: '10', cpu: '4', memory: '8Gi' };
    const nodeStatus = await call(
      master,
      'PATCH',
      '/api/v1/nodes/n1/status',
      { status: { capacity: room, allocatable: room } },
      'application/merge-patch+json',
    );
    expect(nodeStatus.status).toBe(200);
    expect((await call(master, 'POST', pods, pod('bound'))).status).toBe(201);
    const binding = await call(master, 'POST', `${pods}/bound/binding`, {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'bound' },
      target: { kind: 'Node', name: 'n1' },
    });
    expect(binding.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(binding.status).toBe(201);
    expect(((await call(master, 'GET', `${pods}/bound`)).body['spec'] as { nodeName: string }).nodeName).toBe('n1');
    const again = await call(master, 'POST', `${pods}/bound/binding`, { target: { kind: 'Node', name: 'n2' } });
    expect(again.status).toBe(409);

    expect((await call(master, 'POST', pods, pod('evicted'))).status).toBe(201);
    const eviction = await call(master, 'POST', `${pods}/evicted/eviction`, {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: 'evicted' },
      deleteOptions: { gracePeriodSeconds: 0 },
    });
    expect(eviction.status).toBe(201);
    await waitFor('the evicted pod to go', 5000, async () =>
      (await call(master, 'GET', `${pods}/evicted`)).status === 404 ? true : undefined,
    );
  });
});
