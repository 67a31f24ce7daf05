/**
 * What `orca config` does to a client config, as pure functions: a config in,
 * a new config (or text) out. Reading and writing the file is config-verbs.ts.
 */
import {
  base64Of,
  type ClientConfig,
  type ClientConfigCluster,
  type ClientConfigContext,
  type ClientConfigUser,
} from '../client/index.js';
import { CliError } from './errors.js';
import { renderRows } from './tables.js';

const omitted = 'DATA+OMITTED';
const redacted = 'REDACTED';

/** The config as `orca config view` shows it: certificates and keys `DATA+OMITTED`, tokens `REDACTED`, as kubectl. */
export function redactConfig(config: ClientConfig): ClientConfig {
  return {
    ...config,
    clusters: config.clusters.map(({ name, cluster }) => ({
      name,
      cluster:
        cluster['certificate-authority-data'] === undefined
          ? cluster
          : { ...cluster, 'certificate-authority-data': omitted },
    })),
    users: config.users.map(({ name, user }) => ({ name, user: redactUser(user) })),
  };
}

function redactUser(user: ClientConfigUser): ClientConfigUser {
  return {
    ...user,
    ...(user['client-certificate-data'] === undefined ? {} : { 'client-certificate-data': omitted }),
    ...(user['client-key-data'] === undefined ? {} : { 'client-key-data': omitted }),
    ...(user.token === undefined ? {} : { token: redacted }),
  };
}

/** `orca config get-contexts`: CURRENT NAME CLUSTER AUTHINFO NAMESPACE. */
export function contextsTable(config: ClientConfig): string {
  const rows = config.contexts.map(({ name, context }) => [
    name === config['current-context'] ? '*' : '',
    name,
    context.cluster,
    context.user ?? '',
    context.namespace ?? '',
  ]);
  return renderRows([['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows]);
}

function knownContexts(config: ClientConfig): string {
  return config.contexts.length === 0
    ? 'there are none: make one with `orca config set-context`'
    : `known: ${config.contexts.map((entry) => entry.name).join(', ')}`;
}

/** The config with `name` as its current context; a usage error naming the known ones when there is no such context. */
export function useContext(config: ClientConfig, name: string): ClientConfig {
  if (!config.contexts.some((entry) => entry.name === name))
    throw new CliError('usage', `no context "${name}" (${knownContexts(config)})`);
  return { ...config, 'current-context': name };
}

/** `current-context`, or a usage error when none is set. */
export function currentContext(config: ClientConfig): string {
  if (config['current-context'] === '')
    throw new CliError('usage', `current-context is not set (${knownContexts(config)})`);
  return config['current-context'];
}

/** Replace the entry called `name` in a list, or add it at the end. */
function upsert<T extends { name: string }>(list: readonly T[], entry: T): T[] {
  const index = list.findIndex((item) => item.name === entry.name);
  return index < 0 ? [...list, entry] : list.map((item, at) => (at === index ? entry : item));
}

/** Create a context, or change the fields given of an existing one; a new one needs a cluster. */
export function setContext(
  config: ClientConfig,
  name: string,
  changes: { cluster?: string; user?: string; namespace?: string },
): ClientConfig {
  const existing = config.contexts.find((entry) => entry.name === name)?.context;
  const cluster = changes.cluster ?? existing?.cluster;
  if (cluster === undefined) throw new CliError('usage', `set-context ${name}: a new context needs --cluster`);
  const user = changes.user ?? existing?.user;
  const namespace = changes.namespace ?? existing?.namespace;
  const context: ClientConfigContext = {
    cluster,
    ...(user === undefined || user === '' ? {} : { user }),
    ...(namespace === undefined || namespace === '' ? {} : { namespace }),
  };
  return { ...config, contexts: upsert(config.contexts, { name, context }) };
}

/** Create or replace a user: a token, or a certificate and key PEM (embedded as base64). */
export function setCredentials(
  config: ClientConfig,
  name: string,
  credentials: { token?: string; certificatePem?: string; keyPem?: string },
): ClientConfig {
  const { token, certificatePem, keyPem } = credentials;
  const hasPair = certificatePem !== undefined && keyPem !== undefined;
  if ((certificatePem === undefined) !== (keyPem === undefined))
    throw new CliError('usage', `set-credentials ${name}: --client-certificate and --client-key go together`);
  if (!hasPair && token === undefined)
    throw new CliError('usage', `set-credentials ${name}: give --token, or --client-certificate and --client-key`);
  const user: ClientConfigUser = {
    ...(hasPair ? { 'client-certificate-data': base64Of(certificatePem), 'client-key-data': base64Of(keyPem) } : {}),
    ...(token === undefined ? {} : { token }),
  };
  return { ...config, users: upsert(config.users, { name, user }) };
}

/** Create a cluster, or change its servers or CA; a new one needs servers. */
export function setCluster(
  config: ClientConfig,
  name: string,
  changes: { servers?: string[]; caPem?: string },
): ClientConfig {
  const existing = config.clusters.find((entry) => entry.name === name)?.cluster;
  const servers = changes.servers ?? existing?.servers;
  if (servers === undefined) throw new CliError('usage', `set-cluster ${name}: a new cluster needs --server`);
  const ca = changes.caPem === undefined ? existing?.['certificate-authority-data'] : base64Of(changes.caPem);
  const cluster: ClientConfigCluster = {
    servers: [...servers],
    ...(ca === undefined ? {} : { 'certificate-authority-data': ca }),
  };
  return { ...config, clusters: upsert(config.clusters, { name, cluster }) };
}
