/**
 * One request as an authorizer sees it: Kubernetes' authorizer.Attributes,
 * reduced to what Orca decides on. The master builds these from its own
 * requests (a gRPC call, a REST call) and asks the authorizers; they never see
 * the request itself.
 */
import type { UserInfo } from './user-info.js';

/** The API group of the core kinds (pods, secrets, nodes…). */
export const coreGroup = '';

/**
 * What is being done, by whom, to what. A resource request names a resource
 * and leaves `path` unset; a non-resource request (an HTTP path such as
 * `/metrics`) sets `path` and leaves apiGroup, resource, subresource,
 * namespace and name ''.
 */
export interface RequestAttributes {
  readonly user: UserInfo;
  /** get list watch create update patch delete deletecollection, or escalate / bind / impersonate. */
  readonly verb: string;
  /** '' is the core group. */
  readonly apiGroup: string;
  /** Plural, lower-case: 'pods'. */
  readonly resource: string;
  /** '' or 'status', 'log', 'exec', 'binding', 'scale'… */
  readonly subresource: string;
  /** '' for a cluster-scoped resource, or a request across all namespaces. */
  readonly namespace: string;
  /** '' for a list, a watch, or a create with generateName. */
  readonly name: string;
  /** Set only on a non-resource request: the URL path, e.g. `/metrics`. */
  readonly path?: string;
}

/** True for a request about an HTTP path rather than an API resource. */
export function isNonResourceRequest(attributes: RequestAttributes): boolean {
  return attributes.path !== undefined;
}

/** `pods`, or `pods/log` when a subresource is asked for. */
export function combinedResource(attributes: Pick<RequestAttributes, 'resource' | 'subresource'>): string {
  return attributes.subresource === '' ? attributes.resource : `${attributes.resource}/${attributes.subresource}`;
}

/**
 * The refusal a user reads. One wording for every authorizer, modelled on
 * Kubernetes' Forbidden message, always naming user, verb, resource[/sub] and
 * where:
 *
 *   user "U" cannot VERB RESOURCE[/SUB][ "NAME"][ in API group "G"] (in namespace "NS" | at the cluster scope)
 *   user "U" cannot VERB path "/PATH"
 *
 * The API group clause is left out for the core group. "At the cluster scope"
 * covers both a cluster-scoped resource and a request across all namespaces,
 * as in Kubernetes. A caller that knows why appends `: why`.
 */
export function describeDenial(attributes: RequestAttributes): string {
  const who = `user ${JSON.stringify(attributes.user.name)} cannot ${attributes.verb}`;
  if (attributes.path !== undefined) return `${who} path ${JSON.stringify(attributes.path)}`;
  const name = attributes.name === '' ? '' : ` ${JSON.stringify(attributes.name)}`;
  const group = attributes.apiGroup === coreGroup ? '' : ` in API group ${JSON.stringify(attributes.apiGroup)}`;
  const where =
    attributes.namespace === '' ? 'at the cluster scope' : `in namespace ${JSON.stringify(attributes.namespace)}`;
  return `${who} ${combinedResource(attributes)}${name}${group} ${where}`;
}
