/**
 * The client config file every client verb reads, at `$ORCA_CONFIG` or
 * `~/.orca/config`: kubeconfig's shape in JSON (clusters with their servers
 * and CA, users with a client certificate or a bearer token, contexts that pair
 * them, a current context). `orca up` and `orca master --bootstrap` write it for
 * the admin; `orca config set-*` edit it.
 *
 * The older `{"servers": [...]}` file still reads, as one context whose cluster
 * has no CA: plaintext, for masters started with --insecure.
 *
 * Certificates, keys and the CA are embedded as base64 PEM (`*-data`), never
 * referenced by path, so one file is the whole identity; it is written
 * atomically, readable by its owner only.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isServerAddress } from './client-options.js';
import { ClientError } from './errors.js';
import type { TlsMaterial } from './tls.js';

/** Where a cluster is and which CA it is trusted by; no CA = plaintext (an --insecure cluster). */
export interface ClientConfigCluster {
  readonly servers: readonly string[];
  /** The cluster CA, base64 of its PEM. */
  readonly 'certificate-authority-data'?: string;
}

/** Who the client is: a client certificate and key (base64 PEM), or a bearer token. */
export interface ClientConfigUser {
  readonly 'client-certificate-data'?: string;
  readonly 'client-key-data'?: string;
  readonly token?: string;
}

/** A cluster and a user, by name, and the namespace namespaced verbs use when -n is not given. */
export interface ClientConfigContext {
  readonly cluster: string;
  /** Absent for a plaintext cluster, which knows no users. */
  readonly user?: string;
  readonly namespace?: string;
}

export interface NamedCluster {
  readonly name: string;
  readonly cluster: ClientConfigCluster;
}

export interface NamedUser {
  readonly name: string;
  readonly user: ClientConfigUser;
}

export interface NamedContext {
  readonly name: string;
  readonly context: ClientConfigContext;
}

/** The whole file. References between entries are checked when a context is used, as kubectl does. */
export interface ClientConfig {
  readonly apiVersion: 'v1';
  readonly kind: 'Config';
  /** "" when none is chosen. */
  readonly 'current-context': string;
  readonly clusters: readonly NamedCluster[];
  readonly users: readonly NamedUser[];
  readonly contexts: readonly NamedContext[];
}

/** Limits of the file: its size, entries per list, servers per cluster, a name's and a token's length. */
export const clientConfigLimits = Object.freeze({
  fileBytesMax: 256 * 1024,
  entriesMax: 64,
  serversMax: 16,
  nameLengthMax: 253,
  tokenLengthMax: 8192,
});

/** `$ORCA_CONFIG`, else `~/.orca/config`. */
export function clientConfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const fromEnv = env['ORCA_CONFIG'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(home, '.orca', 'config');
}

/** A config with nothing in it (what `orca config set-*` starts from when there is no file). */
export function emptyClientConfig(): ClientConfig {
  return { apiVersion: 'v1', kind: 'Config', 'current-context': '', clusters: [], users: [], contexts: [] };
}

/** One context `orca` on a cluster without a CA: plaintext, no user (masters started with --insecure). */
export function insecureClientConfig(servers: readonly string[]): ClientConfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'orca',
    clusters: [{ name: 'orca', cluster: { servers: [...servers] } }],
    users: [],
    contexts: [{ name: 'orca', context: { cluster: 'orca' } }],
  };
}

/** The admin's config after bootstrap: the cluster with its CA, the admin's certificate, one context. */
export function adminClientConfig(options: {
  clusterName?: string;
  servers: string[];
  caPem: string;
  certificatePem: string;
  keyPem: string;
  userName?: string;
}): ClientConfig {
  const cluster = options.clusterName ?? 'orca';
  const user = options.userName ?? 'admin';
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': cluster,
    clusters: [
      {
        name: cluster,
        cluster: { servers: [...options.servers], 'certificate-authority-data': base64Of(options.caPem) },
      },
    ],
    users: [
      {
        name: user,
        user: {
          'client-certificate-data': base64Of(options.certificatePem),
          'client-key-data': base64Of(options.keyPem),
        },
      },
    ],
    contexts: [{ name: cluster, context: { cluster, user } }],
  };
}

/** Text as base64, the way `*-data` fields hold PEM. */
export function base64Of(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The PEM inside a `*-data` field. */
export function pemOf(data: string): string {
  return Buffer.from(data, 'base64').toString('utf8');
}

/**
 * Writes the config atomically (temp file + rename), readable by the user only,
 * creating its folder. A bare server list (the callers of the older file)
 * is written in the older `{"servers": [...]}` shape, which reads back as
 * insecureClientConfig(servers).
 */
export function writeClientConfig(path: string, config: ClientConfig | readonly string[]): void {
  const body = isServerList(config) ? { servers: [...config] } : parseClientConfig(JSON.stringify(config), path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, path);
}

function isServerList(config: ClientConfig | readonly string[]): config is readonly string[] {
  return Array.isArray(config);
}

type Json = Readonly<Record<string, unknown>>;

function fail(path: string, field: string, rule: string): never {
  throw new ClientError('config', `${path}: ${field}: ${rule}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The config in `text` (the file at `path`, named in every message with the
 * field path and the rule), or the older `{"servers": [...]}` file as an
 * insecure context. Throws ClientError('config').
 */
export function parseClientConfig(text: string, path: string): ClientConfig {
  if (Buffer.byteLength(text) > clientConfigLimits.fileBytesMax)
    throw new ClientError('config', `${path}: larger than ${clientConfigLimits.fileBytesMax} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new ClientError(
      'config',
      `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isObject(parsed)) fail(path, '(top)', 'must be an object');
  if (parsed['kind'] === undefined && parsed['servers'] !== undefined)
    return insecureClientConfig(parseServers(parsed['servers'], path, 'servers'));
  if (parsed['apiVersion'] !== 'v1') fail(path, 'apiVersion', 'must be "v1"');
  if (parsed['kind'] !== 'Config') fail(path, 'kind', 'must be "Config"');
  const current = parsed['current-context'] ?? '';
  if (typeof current !== 'string') fail(path, 'current-context', 'must be a string');
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': current,
    clusters: parseList(parsed, 'clusters', path, (value, field) => ({ cluster: parseCluster(value, path, field) })),
    users: parseList(parsed, 'users', path, (value, field) => ({ user: parseUser(value, path, field) })),
    contexts: parseList(parsed, 'contexts', path, (value, field) => ({ context: parseContext(value, path, field) })),
  };
}

/** A list of `{name, <entry>}` with unique names; absent = empty. */
function parseList<T>(
  parent: Json,
  key: 'clusters' | 'users' | 'contexts',
  path: string,
  parseEntry: (value: unknown, field: string) => T,
): (T & { name: string })[] {
  const list = parent[key] ?? [];
  if (!Array.isArray(list)) fail(path, key, 'must be a list');
  if (list.length > clientConfigLimits.entriesMax) fail(path, key, `at most ${clientConfigLimits.entriesMax} entries`);
  const entryKey = key.slice(0, -1);
  const seen = new Set<string>();
  return list.map((item: unknown, index) => {
    const field = `${key}[${index}]`;
    if (!isObject(item)) fail(path, field, 'must be an object');
    const name = item['name'];
    if (typeof name !== 'string' || name === '' || name.length > clientConfigLimits.nameLengthMax)
      fail(
        path,
        `${field}.name`,
        `must be a non-empty string of at most ${clientConfigLimits.nameLengthMax} characters`,
      );
    if (seen.has(name)) fail(path, `${field}.name`, `"${name}" appears twice`);
    seen.add(name);
    return { name, ...parseEntry(item[entryKey], `${field}.${entryKey}`) };
  });
}

function parseServers(value: unknown, path: string, field: string): string[] {
  if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string'))
    fail(path, field, 'must be a list of "host:port" strings');
  const servers = value as string[];
  if (servers.length === 0) fail(path, field, 'at least one "host:port" is required');
  if (servers.length > clientConfigLimits.serversMax) fail(path, field, `at most ${clientConfigLimits.serversMax}`);
  servers.forEach((address, index) => {
    if (!isServerAddress(address)) fail(path, `${field}[${index}]`, `"${address}" is not host:port`);
  });
  return servers;
}

/** A `*-data` field: base64 whose text is PEM with the given label (`CERTIFICATE`, `PRIVATE KEY`). */
function parsePemData(value: unknown, path: string, field: string, label: string): string {
  const rule = `must be base64 of a PEM ${label}`;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/\s]+={0,2}\s*$/.test(value)) fail(path, field, rule);
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(pemOf(value))) fail(path, field, rule);
  return value;
}

function parseCluster(value: unknown, path: string, field: string): ClientConfigCluster {
  if (!isObject(value)) fail(path, field, 'must be an object with servers');
  const servers = parseServers(value['servers'], path, `${field}.servers`);
  const ca = value['certificate-authority-data'];
  if (ca === undefined) return { servers };
  return {
    servers,
    'certificate-authority-data': parsePemData(ca, path, `${field}.certificate-authority-data`, 'CERTIFICATE'),
  };
}

function parseUser(value: unknown, path: string, field: string): ClientConfigUser {
  const rule = 'needs client-certificate-data and client-key-data, or token';
  if (!isObject(value)) fail(path, field, rule);
  const certificate = value['client-certificate-data'];
  const key = value['client-key-data'];
  const token = value['token'];
  const hasPair = certificate !== undefined && key !== undefined;
  if (!hasPair && token === undefined) fail(path, field, rule);
  if ((certificate === undefined) !== (key === undefined)) fail(path, field, rule);
  const user: { -readonly [K in keyof ClientConfigUser]: ClientConfigUser[K] } = {};
  if (hasPair) {
    user['client-certificate-data'] = parsePemData(
      certificate,
      path,
      `${field}.client-certificate-data`,
      'CERTIFICATE',
    );
    user['client-key-data'] = parsePemData(key, path, `${field}.client-key-data`, 'PRIVATE KEY');
  }
  if (token !== undefined) {
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token) || token.length > clientConfigLimits.tokenLengthMax)
      fail(
        path,
        `${field}.token`,
        `must be printable ASCII without spaces, at most ${clientConfigLimits.tokenLengthMax}`,
      );
    user.token = token;
  }
  return user;
}

function parseContext(value: unknown, path: string, field: string): ClientConfigContext {
  if (!isObject(value)) fail(path, field, 'must be an object with a cluster');
  const out: { -readonly [K in keyof ClientConfigContext]: ClientConfigContext[K] } = { cluster: '' };
  for (const key of ['cluster', 'user', 'namespace'] as const) {
    const entry = value[key];
    if (entry === undefined && key !== 'cluster') continue;
    if (typeof entry !== 'string' || entry === '' || entry.length > clientConfigLimits.nameLengthMax)
      fail(
        path,
        `${field}.${key}`,
        `must be a non-empty string of at most ${clientConfigLimits.nameLengthMax} characters`,
      );
    out[key] = entry;
  }
  return out;
}

/**
 * The current context's TLS material (the cluster CA, and the user's
 * certificate and key or token), or undefined for a plaintext cluster or a
 * config with no usable current context. For programs that connect as the
 * config's user (test harnesses, `orca up`); the CLI resolves flags too.
 */
export function clientTlsMaterial(config: ClientConfig): TlsMaterial | undefined {
  const context = config.contexts.find((entry) => entry.name === config['current-context'])?.context;
  if (context === undefined) return undefined;
  const cluster = config.clusters.find((entry) => entry.name === context.cluster)?.cluster;
  const ca = cluster?.['certificate-authority-data'];
  if (ca === undefined) return undefined;
  const user = config.users.find((entry) => entry.name === context.user)?.user;
  const certificate = user?.['client-certificate-data'];
  const key = user?.['client-key-data'];
  return {
    caPem: pemOf(ca),
    ...(certificate === undefined || key === undefined
      ? {}
      : { certificatePem: pemOf(certificate), keyPem: pemOf(key) }),
    ...(user?.token === undefined ? {} : { token: user.token }),
  };
}
