/**
 * What every client verb needs: where to write, how to reach the cluster, and
 * how commander hands it the arguments. Tests pass their own context.
 */
import type { Command } from 'commander';
import { resolveResourceName, type KindInfo } from '../api/index.js';
import { ClientError, OrcaClient, type ClientOptions, type TlsIdentity } from '../client/index.js';
import type { ConfigStore, ConnectionFlags } from './client-config.js';
import { CliError } from './errors.js';

/** Where and how a verb connects: the masters, the TLS identity (absent = plaintext), the default namespace. */
export interface Connection {
  readonly servers: string[];
  readonly tls?: TlsIdentity;
  readonly namespace?: string;
}

export interface VerbContext {
  readonly write: (text: string) => void;
  /** Notes that are not the command's output ("No resources found"): standard error. */
  readonly warn: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** The connection the flags, the environment and the config file's context select (client-config.ts). */
  readonly resolveServers: (flags: ConnectionFlags) => Connection;
  /** The config file, for the `orca config` verbs; absent in contexts that have none. */
  readonly configStore?: ConfigStore;
  readonly clientOptions?: Partial<Omit<ClientOptions, 'servers'>>;
  readonly now: () => number;
  /** Ends `get -w` (Ctrl-C in the CLI, the test's signal in tests). */
  readonly stop?: AbortSignal;
}

/** Commander's action arguments: the positional ones, then the options, then the command. */
export interface VerbArguments {
  readonly positional: unknown[];
  readonly options: Record<string, unknown>;
  /** The program-wide --server, --context and --token. */
  readonly connection: ConnectionFlags;
}

function stringOption(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

export function splitArguments(args: readonly unknown[]): VerbArguments {
  const command = args[args.length - 1] as Command;
  const globals = command.optsWithGlobals();
  const connection: { -readonly [K in keyof ConnectionFlags]: ConnectionFlags[K] } = {};
  for (const name of ['server', 'context', 'token'] as const) {
    const value = stringOption(globals, name);
    if (value !== undefined) connection[name] = value;
  }
  return { positional: args.slice(0, -2), options: command.opts(), connection };
}

// One resolution per command: the flags object is made once per invocation by splitArguments.
const resolved = new WeakMap<ConnectionFlags, Connection>();

/** The connection `flags` select, resolved once per command. */
export function connectionOf(context: VerbContext, flags: ConnectionFlags): Connection {
  const known = resolved.get(flags);
  if (known !== undefined) return known;
  const connection = context.resolveServers(flags);
  resolved.set(flags, connection);
  return connection;
}

/** `-n` when given, else the context's namespace, else `default`. */
export function namespaceOf(context: VerbContext, flags: ConnectionFlags, options: Record<string, unknown>): string {
  const given = stringOption(options, 'namespace');
  if (given !== undefined && given !== '') return given;
  return connectionOf(context, flags).namespace ?? 'default';
}

/** Runs `body` with a client for the configured masters, closes it, and turns client errors into one line. */
export async function withClient<T>(
  context: VerbContext,
  flags: ConnectionFlags,
  body: (client: OrcaClient, connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = connectionOf(context, flags);
  const tls = connection.tls ?? context.clientOptions?.tls;
  const client = new OrcaClient({
    operationDeadlineMs: 20_000,
    ...context.clientOptions,
    servers: connection.servers,
    ...(tls === undefined ? {} : { tls }),
  });
  try {
    return await body(client, connection);
  } catch (error: unknown) {
    throw toCliError(error);
  } finally {
    client.close();
  }
}

/** A client error as the one line a user sees; who was refused and why stays in the server's words. */
export function toCliError(error: unknown): unknown {
  if (!(error instanceof ClientError)) return error;
  switch (error.code) {
    case 'unavailable':
    case 'uncertain':
    case 'deadline-exceeded':
      return new CliError('unavailable', error.message);
    case 'config':
      return new CliError('usage', error.message);
    case 'unauthenticated':
      return new CliError(
        'unauthenticated',
        `unauthenticated: ${error.message} (the cluster does not accept these credentials: see \`orca config view\`, or pass --token)`,
      );
    case 'forbidden':
      return new CliError('forbidden', `forbidden: ${error.message}`);
    default:
      return new CliError('failed', error.message);
  }
}

/** The kind a user means by `pods`, `deploy`, `Deployment`; a usage error otherwise. */
export function kindFromArgument(name: unknown): KindInfo {
  if (typeof name !== 'string' || name === '')
    throw new CliError('usage', 'a resource type is required, e.g. `pods` or `deployments`');
  const info = resolveResourceName(name);
  if (info === undefined) throw new CliError('usage', `the server doesn't have a resource type "${name}"`);
  return info;
}

/** `deployment.apps/web`, `pod/web`: how kubectl names an object in its messages. */
export function qualifiedName(info: KindInfo, name: string): string {
  const slash = info.apiVersion.indexOf('/');
  return `${info.singular}${slash < 0 ? '' : `.${info.apiVersion.slice(0, slash)}`}/${name}`;
}
