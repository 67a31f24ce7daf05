/**
 * How the CLI reaches the cluster: the client config file (`$ORCA_CONFIG`,
 * default `~/.orca/config`) names contexts, each a cluster (servers and CA)
 * and a user (certificate or token); `--context` or `$ORCA_CONTEXT` picks one,
 * else the file's current context. `--server` or `$ORCA_SERVER` replace the
 * context's servers and keep its credentials; `--token` replaces its user with
 * a bearer token. Resolution is a pure function of its inputs; reading and
 * writing the file are the thin shell around it.
 */
import { readFileSync } from 'node:fs';
import {
  ClientError,
  clientConfigPath,
  emptyClientConfig,
  isServerAddress,
  parseClientConfig,
  pemOf,
  writeClientConfig as writeSharedClientConfig,
  type ClientConfig,
  type NamedCluster,
  type NamedContext,
  type NamedUser,
  type TlsMaterial,
} from '../client/index.js';
import { CliError } from './errors.js';

/** The older file's shape, which `orca up` still writes. */
export interface ClientConfigFile {
  readonly servers: readonly string[];
}

/** The program-wide options that choose the connection. */
export interface ConnectionFlags {
  /** `--server`, comma-separated. */
  readonly server?: string;
  readonly context?: string;
  readonly token?: string;
}

export interface ConfigSources {
  readonly flags: ConnectionFlags;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The config file's text, or undefined when there is none. */
  readonly readConfig: (path: string) => string | undefined;
  readonly home: string;
}

export interface ResolvedConnection {
  readonly servers: string[];
  /** What to connect with; absent = plaintext (a cluster without a CA). */
  readonly tls?: TlsMaterial;
  /** The context's namespace: the default of namespaced verbs. */
  readonly namespace?: string;
  /** The context used, if any. */
  readonly context?: string;
  /** Where the servers came from, for messages: `--server`, `ORCA_SERVER` or the file path. */
  readonly source: string;
}

const serversMax = 16;
const tokenLengthMax = 8192;

/** `$ORCA_CONFIG`, else `~/.orca/config`. */
export const configPath = clientConfigPath;

/** `a:1, b:2` → ['a:1', 'b:2'], each checked; `source` names where the list came from. */
export function parseServerList(text: string, source: string): string[] {
  const servers = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (servers.length === 0) throw new CliError('usage', `${source}: no server address given`);
  if (servers.length > serversMax) throw new CliError('usage', `${source}: at most ${serversMax} servers`);
  for (const address of servers) {
    if (!isServerAddress(address)) throw new CliError('usage', `${source}: "${address}" is not host:port`);
  }
  return servers;
}

/** The config in `text`; a broken file is a usage error naming the file and the field. */
export function parseConfigFile(text: string, path: string): ClientConfig {
  try {
    return parseClientConfig(text, path);
  } catch (error: unknown) {
    if (error instanceof ClientError) throw new CliError('usage', error.message);
    throw error;
  }
}

function serverOverride(sources: ConfigSources): { servers: string[]; source: string } | undefined {
  const flag = sources.flags.server;
  if (flag !== undefined && flag !== '') return { servers: parseServerList(flag, '--server'), source: '--server' };
  const fromEnv = sources.env['ORCA_SERVER'];
  if (fromEnv !== undefined && fromEnv !== '')
    return { servers: parseServerList(fromEnv, 'ORCA_SERVER'), source: 'ORCA_SERVER' };
  return undefined;
}

function known(names: readonly { name: string }[]): string {
  return names.length === 0 ? 'there are none' : `known: ${names.map((entry) => entry.name).join(', ')}`;
}

/** The context `--context`, `$ORCA_CONTEXT` or the file's current-context names; undefined when none is named. */
export function selectContext(
  config: ClientConfig,
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): NamedContext | undefined {
  const fromEnv = env['ORCA_CONTEXT'];
  const [name, source] =
    flag !== undefined && flag !== ''
      ? [flag, '--context']
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, 'ORCA_CONTEXT']
        : [config['current-context'], `${path}: current-context`];
  if (name === '') return undefined;
  const context = config.contexts.find((entry) => entry.name === name);
  if (context === undefined)
    throw new CliError('usage', `${source}: no context "${name}" in ${path} (${known(config.contexts)})`);
  return context;
}

/** The cluster and user a context names, each checked to exist. */
export function contextParts(
  config: ClientConfig,
  context: NamedContext,
  path: string,
): { cluster: NamedCluster; user: NamedUser | undefined } {
  const { cluster: clusterName, user: userName } = context.context;
  const cluster = config.clusters.find((entry) => entry.name === clusterName);
  if (cluster === undefined)
    throw new CliError(
      'usage',
      `${path}: context "${context.name}": no cluster "${clusterName}" in clusters (${known(config.clusters)})`,
    );
  if (userName === undefined) return { cluster, user: undefined };
  const user = config.users.find((entry) => entry.name === userName);
  if (user === undefined)
    throw new CliError(
      'usage',
      `${path}: context "${context.name}": no user "${userName}" in users (${known(config.users)})`,
    );
  return { cluster, user };
}

function checkToken(token: string): string {
  if (token === '' || token.length > tokenLengthMax || !/^[\x21-\x7e]+$/.test(token))
    throw new CliError(
      'usage',
      `--token: must be printable ASCII without spaces, at most ${tokenLengthMax} characters`,
    );
  return token;
}

/** The TLS material of a context, the user replaced by `token` when given; undefined for a cluster without a CA. */
function materialOf(
  parts: { cluster: NamedCluster; user: NamedUser | undefined },
  token: string | undefined,
  path: string,
): TlsMaterial | undefined {
  const caData = parts.cluster.cluster['certificate-authority-data'];
  if (caData === undefined) {
    const who = token !== undefined ? '--token' : parts.user === undefined ? undefined : `user "${parts.user.name}"`;
    if (who === undefined) return undefined;
    throw new CliError(
      'usage',
      `${path}: cluster "${parts.cluster.name}" has no certificate-authority-data, so ${who} cannot be sent (credentials travel over TLS only): add it with \`orca config set-cluster ${parts.cluster.name} --certificate-authority FILE\``,
    );
  }
  const caPem = pemOf(caData);
  if (token !== undefined) return { caPem, token };
  const user = parts.user?.user ?? {};
  const certificate = user['client-certificate-data'];
  const key = user['client-key-data'];
  return {
    caPem,
    ...(certificate !== undefined && key !== undefined
      ? { certificatePem: pemOf(certificate), keyPem: pemOf(key) }
      : {}),
    ...(user.token !== undefined ? { token: user.token } : {}),
  };
}

function noServerMessage(path: string): string {
  return `no Orca server configured: pass --server HOST:PORT, set ORCA_SERVER, or start a cluster with \`orca up\` (it writes ${path})`;
}

/** Where and how to connect, from the flags, the environment and the config file. */
export function resolveConnection(sources: ConfigSources): ResolvedConnection {
  const path = configPath(sources.env, sources.home);
  const text = sources.readConfig(path);
  const override = serverOverride(sources);
  const token = sources.flags.token === undefined ? undefined : checkToken(sources.flags.token);
  const config = text === undefined ? undefined : parseConfigFile(text, path);
  const context = config === undefined ? undefined : selectContext(config, sources.flags.context, sources.env, path);
  if (config === undefined && sources.flags.context !== undefined && sources.flags.context !== '')
    throw new CliError('usage', `--context "${sources.flags.context}": there is no client config at ${path}`);
  if (config === undefined || context === undefined) {
    if (override === undefined)
      throw new CliError(
        'usage',
        config === undefined
          ? noServerMessage(path)
          : `${path}: no current context: choose one with \`orca config use-context NAME\` (${known(config.contexts)})`,
      );
    if (token !== undefined)
      throw new CliError('usage', `--token: needs a context whose cluster has a CA (credentials travel over TLS only)`);
    return { servers: override.servers, source: override.source };
  }
  const parts = contextParts(config, context, path);
  const tls = materialOf(parts, token, path);
  const namespace = context.context.namespace;
  return {
    servers: override?.servers ?? [...parts.cluster.cluster.servers],
    ...(tls === undefined ? {} : { tls }),
    ...(namespace === undefined ? {} : { namespace }),
    context: context.name,
    source: override?.source ?? path,
  };
}

/** The file's text, or undefined when it does not exist. */
export function readConfigFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError('usage', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes the config atomically (temp file + rename), creating its folder; the older shape is written as it was. */
export function writeClientConfig(path: string, config: ClientConfigFile | ClientConfig): void {
  try {
    writeSharedClientConfig(path, 'kind' in config ? config : config.servers);
  } catch (error: unknown) {
    if (error instanceof ClientError) throw new CliError('usage', error.message);
    throw error;
  }
}

/** The config file as the `orca config` verbs see it: read, written, and the files they embed. */
export interface ConfigStore {
  readonly path: string;
  /** The config, an empty one when there is no file. */
  read(): ClientConfig;
  write(config: ClientConfig): void;
  /** A file named by a flag (`--client-certificate`), as text. */
  readFile(path: string, flag: string): string;
}

const embeddedFileBytesMax = 64 * 1024;

/** The store of the real process: the file at `$ORCA_CONFIG` or `~/.orca/config`. */
export function fileConfigStore(env: Readonly<Record<string, string | undefined>>, home: string): ConfigStore {
  const path = configPath(env, home);
  return {
    path,
    read: () => {
      const text = readConfigFile(path);
      return text === undefined ? emptyClientConfig() : parseConfigFile(text, path);
    },
    write: (config) => writeClientConfig(path, config),
    readFile: (file, flag) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error: unknown) {
        throw new CliError(
          'usage',
          `${flag}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (Buffer.byteLength(text) > embeddedFileBytesMax)
        throw new CliError('usage', `${flag}: ${file} is larger than ${embeddedFileBytesMax} bytes`);
      return text;
    },
  };
}
