/**
 * Who is asking: the identity every authorization decision is made for, as
 * Kubernetes' `user.Info` (name, groups, uid). Authentication (certificates,
 * tokens) produces it; nothing here checks credentials. The well-known names
 * are Kubernetes' own, so manifests and habits carry over.
 */

/** An authenticated caller. Groups are what Group subjects of bindings match. */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  readonly uid?: string;
}

/** The superuser group: every request of a member is allowed, and no escalation check applies. */
export const systemMasters = 'system:masters';
/** Every authenticated caller is in this group (authentication adds it). */
export const systemAuthenticated = 'system:authenticated';
/** The group of worker identities; the node authorizer decides for its members. */
export const systemNodes = 'system:nodes';
/** A worker's user name is this prefix followed by its Node name: `system:node:w1`. */
export const nodeUserPrefix = 'system:node:';
/** A ServiceAccount's user name is this prefix followed by `NAMESPACE:NAME`. */
export const serviceAccountUserPrefix = 'system:serviceaccount:';
/** Every ServiceAccount is in this group, and in `system:serviceaccounts:NAMESPACE`. */
export const systemServiceAccounts = 'system:serviceaccounts';

/** The user name of ServiceAccount NAME in NAMESPACE: `system:serviceaccount:NAMESPACE:NAME`. */
export function serviceAccountUserName(namespace: string, name: string): string {
  return `${serviceAccountUserPrefix}${namespace}:${name}`;
}

/** The identity a ServiceAccount token authenticates as, with the groups Kubernetes gives it. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: serviceAccountUserName(namespace, name),
    groups: [systemServiceAccounts, `${systemServiceAccounts}:${namespace}`, systemAuthenticated],
  };
}

/** The identity of worker NODE: `system:node:NODE` in `system:nodes` and `system:authenticated`. */
export function nodeUser(node: string): UserInfo {
  return { name: `${nodeUserPrefix}${node}`, groups: [systemNodes, systemAuthenticated] };
}

/**
 * The Node name of a worker identity, or undefined when `user` is not one. As
 * Kubernetes' NodeIdentifier, both the `system:node:` name and membership of
 * `system:nodes` are required: a name alone proves nothing. An empty name
 * after the prefix is not a usable identity either (undefined).
 */
export function parseNodeUser(user: UserInfo): string | undefined {
  if (!user.groups.includes(systemNodes) || !user.name.startsWith(nodeUserPrefix)) return undefined;
  const node = user.name.slice(nodeUserPrefix.length);
  return node === '' ? undefined : node;
}

/**
 * The ServiceAccount a user name stands for, or undefined when it is not
 * `system:serviceaccount:NAMESPACE:NAME` with both parts non-empty and no
 * further colon (Kubernetes' serviceaccount.SplitUsername).
 */
export function parseServiceAccountUser(userName: string): { namespace: string; name: string } | undefined {
  if (!userName.startsWith(serviceAccountUserPrefix)) return undefined;
  const parts = userName.slice(serviceAccountUserPrefix.length).split(':');
  const [namespace, name] = parts;
  if (parts.length !== 2 || namespace === undefined || name === undefined) return undefined;
  if (namespace === '' || name === '') return undefined;
  return { namespace, name };
}

/**
 * The leader's own in-process clients (scheduler, controllers, leader tasks):
 * a superuser, as they run inside the master that decides; never accepted
 * from the network.
 */
export const leaderUser: UserInfo = Object.freeze({
  name: 'system:orca-leader',
  groups: Object.freeze([systemMasters, systemAuthenticated]),
});

/** Every caller of a master started without security (`--insecure`, tests): no identity is checked. */
export const insecureUser: UserInfo = Object.freeze({
  name: 'system:insecure',
  groups: Object.freeze([systemMasters, systemAuthenticated]),
});
