/**
 * The review resources kubectl's `auth` verbs create: SelfSubjectAccessReview
 * (`kubectl auth can-i`: the caller's own access, decided by the same
 * authorizers the core asks) and SelfSubjectReview (`kubectl auth whoami`).
 * Nothing is stored: each create answers with its status.
 */
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../auth/index.js';
import { isObjectError, type AccessVerb, type HttpBackend } from '../master/index.js';
import { isPlainObject, parseObjectBody, readBody } from './http-io.js';
import { resources } from './resources.js';
import { KubeError, type Json } from './status.js';

export const reviewPaths: Readonly<Record<string, 'access' | 'whoami'>> = {
  '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews': 'access',
  '/apis/authentication.k8s.io/v1/selfsubjectreviews': 'whoami',
};

/** The review groups in discovery (legacy resource lists; aggregated discovery lists them too). */
export const reviewGroups = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
  },
  { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview' },
] as const;

/** Kubernetes' verbs onto the core's: a patch is an update, a deletecollection a delete of each. */
const verbs: Readonly<Record<string, AccessVerb>> = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  create: 'create',
  update: 'update',
  patch: 'update',
  delete: 'delete',
  deletecollection: 'delete',
};

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export async function review(
  backend: HttpBackend,
  http: IncomingMessage,
  caller: UserInfo,
  which: 'access' | 'whoami',
): Promise<Json> {
  const body = parseObjectBody(await readBody(http), http.headers['content-type'] ?? 'application/json');
  if (which === 'whoami') {
    return {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: caller.name, groups: [...caller.groups] } },
    };
  }
  const spec = isPlainObject(body['spec']) ? body['spec'] : {};
  const attributes = isPlainObject(spec['resourceAttributes']) ? spec['resourceAttributes'] : undefined;
  const answer = (allowed: boolean, reason: string): Json => ({
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed, ...(reason === '' ? {} : { reason }) },
  });
  if (attributes === undefined) {
    // Non-resource URLs (/healthz, /version …) are open to every authenticated caller here.
    if (isPlainObject(spec['nonResourceAttributes']))
      return answer(true, 'non-resource URLs are open to authenticated users');
    throw new KubeError(
      422,
      'Invalid',
      'spec: Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  // A wildcard (`kubectl auth can-i '*' '*'`) asks for every verb or resource it covers: all must be allowed.
  const verbName = text(attributes['verb']);
  const group = text(attributes['group']);
  const plural = text(attributes['resource']);
  const askedVerbs = verbName === '*' ? [...new Set(Object.values(verbs))] : [verbs[verbName]];
  const askedResources = resources.filter(
    (entry) =>
      (plural === '*' || entry.plural === plural) && (group === '*' || plural === '*' || entry.group === group),
  );
  if (askedVerbs.includes(undefined) || askedResources.length === 0)
    return answer(false, `Orca serves no ${plural || 'such'} resource for verb ${verbName}`);
  for (const resource of askedResources) {
    for (const verb of askedVerbs) {
      if (verb === undefined) continue;
      try {
        await backend.core.authorize({
          user: caller,
          verb,
          kind: resource.kind,
          namespace: text(attributes['namespace']),
          name: text(attributes['name']),
          dryRun: true,
          ...(text(attributes['subresource']) === '' ? {} : { subresource: text(attributes['subresource']) }),
        });
      } catch (error: unknown) {
        if (isObjectError(error, 'forbidden')) return answer(false, error.message);
        throw error;
      }
    }
  }
  return answer(true, '');
}
