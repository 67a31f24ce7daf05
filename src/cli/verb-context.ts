/**
 * What every client verb needs: where to write, how to reach the cluster, and
 * how commander hands it the arguments. Tests pass their own context.
 */
import type { Command } from 'commander';
import { resolveResourceName, type KindInfo } from '../api/index.js';
import { ClientError, OrcaClient, type ClientOptions } from '../client/index.js';
import { CliError } from './errors.js';

export interface VerbContext {
  readonly write: (text: string) => void;
  /** Notes that are not the command's output ("No resources found"): standard error. */
  readonly warn: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** The master addresses, from --server, ORCA_SERVER or the config file. */
  readonly resolveServers: (flag: string | undefined) => { servers: string[] };
  readonly clientOptions?: Partial<Omit<ClientOptions, 'servers'>>;
  readonly now: () => number;
  /** Ends `get -w` (Ctrl-C in the CLI, the test's signal in tests). */
  readonly stop?: AbortSignal;
}

/** Commander's action arguments: the positional ones, then the options, then the command. */
export interface VerbArguments {
  readonly positional: unknown[];
  readonly options: Record<string, unknown>;
  readonly server: string | undefined;
}

export function splitArguments(args: readonly unknown[]): VerbArguments {
  const command = args[args.length - 1] as Command;
  const globals = command.optsWithGlobals();
  const server = typeof globals['server'] === 'string' ? globals['server'] : undefined;
  return { positional: args.slice(0, -2), options: command.opts(), server };
}

/** Runs `body` with a client for the configured masters, closes it, and turns client errors into one line. */
export async function withClient<T>(
  context: VerbContext,
  server: string | undefined,
  body: (client: OrcaClient) => Promise<T>,
): Promise<T> {
  const { servers } = context.resolveServers(server);
  const client = new OrcaClient({ operationDeadlineMs: 20_000, ...context.clientOptions, servers });
  try {
    return await body(client);
  } catch (error: unknown) {
    throw toCliError(error);
  } finally {
    client.close();
  }
}

export function toCliError(error: unknown): unknown {
  if (!(error instanceof ClientError)) return error;
  const code =
    error.code === 'unavailable' || error.code === 'uncertain' || error.code === 'deadline-exceeded'
      ? 'unavailable'
      : error.code === 'config'
        ? 'usage'
        : 'failed';
  return new CliError(code, error.message);
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
