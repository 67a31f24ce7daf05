/**
 * The Kubernetes REST API on a master's HTTP(S) port: an HttpExtension
 * (src/master/http-extension.ts) that cmd/orca.ts hands to every master. It
 * answers `/version`, discovery, OpenAPI and every resource path; each request
 * is authenticated with the master's authenticator (client certificate or
 * bearer token), then translated onto the one object core, which authorizes,
 * validates and audits it. Long requests (watch, follow logs) end when the
 * master stops, so that clients resume on another master.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { UserInfo } from '../auth/index.js';
import type { HttpBackend, HttpExtension, HttpExtensionFactory } from '../master/index.js';
import { orcaVersion } from '../version.js';
import {
  aggregatedDiscovery,
  coreVersions,
  findGroupVersion,
  group,
  groupList,
  resourceList,
  reviewResourceList,
} from './discovery.js';
import { review, reviewPaths } from './reviews.js';
import { encodeForKube } from './convert.js';
import { parseAccept, sendError, sendJson, type Accepted } from './http-io.js';
import { openApi } from './openapi-routes.js';
import { patchObject } from './patch-verb.js';
import { bindPod, evictPod, servePodLog } from './pod-subresources.js';
import { closePodStreams, podStreamUpgrade } from './pod-stream.js';
import { parseResourcePath, subjectOf, type KubeRequest, type ResourcePath } from './request.js';
import { KubeError, type StatusSubject } from './status.js';
import { parseIncludeObject, toTable } from './table.js';
import {
  booleanParameter,
  createObject,
  deleteCollection,
  deleteObject,
  getObject,
  listJson,
  listObjects,
  replaceObject,
  replaceScale,
  scaleOf,
  type Answer,
} from './verbs.js';
import { serveWatch } from './watch.js';

/** The Kubernetes version Orca's REST API answers as (kubectl warns beyond one minor version of skew). */
export const kubernetesVersion = { major: '1', minor: '32', gitVersion: `v1.32.0+orca.${orcaVersion}` } as const;

export interface KubeApiOptions {
  /** Clock for Table AGE cells (tests). */
  readonly now?: () => number;
}

const podStreamSubresources: ReadonlySet<string> = new Set(['exec', 'attach', 'portforward']);

function isKubePath(pathname: string): boolean {
  return (
    pathname === '/api' ||
    pathname.startsWith('/api/') ||
    pathname === '/apis' ||
    pathname.startsWith('/apis/') ||
    pathname === '/version' ||
    pathname.startsWith('/openapi/')
  );
}

export function kubeApi(options: KubeApiOptions = {}): HttpExtensionFactory {
  return (backend) => new KubeApi(backend, options);
}

class KubeApi implements HttpExtension {
  private readonly stopping = new AbortController();
  private readonly now: () => number;

  constructor(
    private readonly backend: HttpBackend,
    options: KubeApiOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = new URL(request.url ?? '/', 'http://orca.invalid');
    if (!isKubePath(url.pathname)) return false;
    let subject: StatusSubject = {};
    void (async () => {
      const path = reviewPaths[url.pathname] === undefined ? parseResourcePath(url.pathname) : undefined;
      if (path !== undefined) subject = subjectOf(path);
      await this.serve(request, response, url, path);
    })().catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const internal = !(error instanceof KubeError) && (error as { name?: unknown }).name !== 'ObjectError';
      if (internal) this.backend.logger.error({ error: String(error), path: url.pathname }, 'REST request failed');
      sendError(response, error, subject);
    });
    return true;
  }

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://orca.invalid');
    let path: ResourcePath | undefined;
    try {
      path = parseResourcePath(url.pathname);
    } catch {
      return false;
    }
    if (path === undefined || path.resource.kind !== 'Pod' || !podStreamSubresources.has(path.subresource))
      return false;
    podStreamUpgrade(this.backend, request, socket, head, {
      namespace: path.namespace,
      pod: path.name,
      subresource: path.subresource as 'exec' | 'attach' | 'portforward',
    });
    return true;
  }

  close(): Promise<void> {
    this.stopping.abort();
    // Upgraded connections (exec, attach, port-forward) would keep the server's close waiting.
    closePodStreams(this.backend);
    return Promise.resolve();
  }

  private async serve(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    path: ResourcePath | undefined,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    if (url.pathname === '/version') {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method);
      sendJson(response, 200, {
        ...kubernetesVersion,
        gitCommit: '',
        gitTreeState: 'clean',
        buildDate: '',
        goVersion: `node${process.versions.node}`,
        compiler: 'tsc',
        platform: `${process.platform}/${process.arch}`,
      });
      return;
    }
    const caller = await this.backend.authenticate(request);
    const accepted = parseAccept(request.headers.accept);
    const reviewKind = reviewPaths[url.pathname];
    if (reviewKind !== undefined) {
      if (method !== 'POST') throw methodNotAllowed(method);
      sendJson(response, 201, await review(this.backend, request, caller, reviewKind));
      return;
    }
    if (path === undefined) {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method);
      this.discovery(request, response, url, accepted, caller);
      return;
    }
    const kubeRequest: KubeRequest = { ...path, caller, query: url.searchParams };
    const answer = await this.resourceRequest(request, response, kubeRequest, method, accepted);
    if (answer !== undefined) {
      const headers: Record<string, string> = {};
      if (answer.warnings !== undefined && answer.warnings.length > 0)
        headers['Warning'] = answer.warnings.map((warning) => `299 - ${JSON.stringify(warning)}`).join(', ');
      sendJson(response, answer.code, answer.body, headers);
    }
  }

  private discovery(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    accepted: Accepted,
    caller: UserInfo,
  ): void {
    const segments = url.pathname.split('/').filter((segment) => segment !== '');
    if (segments[0] === 'openapi') {
      openApi(response, segments.slice(1), url, caller);
      return;
    }
    if (url.pathname === '/api' || url.pathname === '/apis') {
      const core = url.pathname === '/api';
      if (accepted.aggregated !== undefined) {
        sendJson(response, 200, aggregatedDiscovery(core, accepted.aggregated), {
          'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${accepted.aggregated};as=APIGroupDiscoveryList`,
        });
        return;
      }
      sendJson(response, 200, core ? coreVersions(request.headers.host ?? '') : groupList());
      return;
    }
    if (segments[0] === 'apis' && segments.length === 2) {
      const found = group(segments[1] ?? '');
      if (found === undefined) throw notFound();
      sendJson(response, 200, found);
      return;
    }
    const groupVersion =
      segments[0] === 'api' && segments.length === 2
        ? findGroupVersion('', segments[1] ?? '')
        : segments[0] === 'apis' && segments.length === 3
          ? findGroupVersion(segments[1] ?? '', segments[2] ?? '')
          : undefined;
    if (groupVersion !== undefined) {
      sendJson(response, 200, resourceList(groupVersion));
      return;
    }
    const reviews =
      segments[0] === 'apis' && segments.length === 3
        ? reviewResourceList(segments[1] ?? '', segments[2] ?? '')
        : undefined;
    if (reviews === undefined) throw notFound();
    sendJson(response, 200, reviews);
  }

  /** One resource request; undefined when the handler answered by itself (watch, logs). */
  private async resourceRequest(
    http: IncomingMessage,
    response: ServerResponse,
    request: KubeRequest,
    method: string,
    accepted: Accepted,
  ): Promise<Answer | undefined> {
    const { backend } = this;
    const { name, subresource } = request;
    if (name === '') {
      switch (method) {
        case 'GET':
        case 'HEAD':
          if (booleanParameter(request.query, 'watch')) {
            await serveWatch(backend, request, response, {
              ...(accepted.table === undefined
                ? {}
                : {
                    table: { version: accepted.table, include: parseIncludeObject(request.query.get('includeObject')) },
                  }),
              now: this.now,
              signal: this.stopping.signal,
            });
            return undefined;
          }
          return this.list(request, accepted);
        case 'POST':
          return createObject(backend, http, request);
        case 'DELETE':
          return deleteCollection(backend, http, request);
        default:
          throw methodNotAllowed(method);
      }
    }
    if (subresource === '') {
      switch (method) {
        case 'GET':
        case 'HEAD':
          return this.get(request, accepted);
        case 'PUT':
          return replaceObject(backend, http, request, 'object');
        case 'PATCH':
          return patchObject(backend, http, request, 'object');
        case 'DELETE':
          return deleteObject(backend, http, request);
        default:
          throw methodNotAllowed(method);
      }
    }
    return this.subresourceRequest(http, response, request, method);
  }

  private async subresourceRequest(
    http: IncomingMessage,
    response: ServerResponse,
    request: KubeRequest,
    method: string,
  ): Promise<Answer | undefined> {
    const { backend } = this;
    const known = request.resource.subresources.some((entry) => entry.name === request.subresource);
    if (!known) throw notFound();
    switch (request.subresource) {
      case 'status':
        if (method === 'GET') return { code: 200, body: encodeForKube(await getObject(backend, request)) };
        if (method === 'PUT') return replaceObject(backend, http, request, 'status');
        if (method === 'PATCH') return patchObject(backend, http, request, 'status');
        throw methodNotAllowed(method);
      case 'scale':
        if (method === 'GET') return { code: 200, body: scaleOf(await getObject(backend, request)) };
        if (method === 'PUT') return replaceScale(backend, http, request);
        if (method === 'PATCH') return patchObject(backend, http, request, 'scale');
        throw methodNotAllowed(method);
      case 'log':
        if (method !== 'GET') throw methodNotAllowed(method);
        await servePodLog(backend, request, response, this.stopping.signal);
        return undefined;
      case 'eviction':
        if (method !== 'POST') throw methodNotAllowed(method);
        return evictPod(backend, http, request);
      case 'binding':
        if (method !== 'POST') throw methodNotAllowed(method);
        return bindPod(backend, http, request);
      default:
        throw new KubeError(400, 'BadRequest', `${request.subresource} needs a connection upgrade (WebSocket)`);
    }
  }

  private async get(request: KubeRequest, accepted: Accepted): Promise<Answer> {
    const object = await getObject(this.backend, request);
    if (accepted.table !== undefined) {
      return {
        code: 200,
        body: toTable(request.resource, [object], {
          include: parseIncludeObject(request.query.get('includeObject')),
          version: accepted.table,
          resourceVersion: object.metadata?.resourceVersion ?? '',
          now: this.now(),
        }),
      };
    }
    return { code: 200, body: encodeForKube(object) };
  }

  private async list(request: KubeRequest, accepted: Accepted): Promise<Answer> {
    const page = await listObjects(this.backend, request);
    if (accepted.table !== undefined) {
      return {
        code: 200,
        body: toTable(request.resource, page.items, {
          include: parseIncludeObject(request.query.get('includeObject')),
          version: accepted.table,
          resourceVersion: page.resourceVersion,
          continue: page.continue,
          now: this.now(),
        }),
      };
    }
    return { code: 200, body: listJson(request, page) };
  }
}

function methodNotAllowed(method: string): KubeError {
  return new KubeError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}

function notFound(): KubeError {
  return new KubeError(404, 'NotFound', 'the server could not find the requested resource');
}
