/**
 * Where the CLI finds the masters: `--server`, else `$ORCA_SERVER`, else the
 * client config file (`$ORCA_CONFIG`, default `~/.orca/config`), which `orca up`
 * writes. Resolution is a pure function of its inputs; reading and writing the
 * file are the thin shell around it.
 */
import { readFileSync } from 'node:fs';
import { clientConfigPath, isServerAddress, writeClientConfig as writeSharedClientConfig } from '../client/index.js';
import { CliError } from './errors.js';

export interface ClientConfigFile {
  readonly servers: readonly string[];
}

export interface ConfigSources {
  /** The global `--server` option, comma-separated. */
  readonly flag?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The config file's text, or undefined when there is none. */
  readonly readConfig: (path: string) => string | undefined;
  readonly home: string;
}

export interface ResolvedServers {
  readonly servers: string[];
  /** Where they came from, for messages: `--server`, `ORCA_SERVER` or the file path. */
  readonly source: string;
}

const configBytesMax = 64 * 1024;
const serversMax = 16;

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

/** The config file's server list; names the file and the field when it is broken. */
export function parseConfigFile(text: string, path: string): string[] {
  if (text.length > configBytesMax) throw new CliError('usage', `${path}: larger than ${configBytesMax} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error: unknown) {
    throw new CliError('usage', `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const servers = typeof parsed === 'object' && parsed !== null ? (parsed as { servers?: unknown }).servers : undefined;
  if (!Array.isArray(servers) || servers.some((entry) => typeof entry !== 'string')) {
    throw new CliError('usage', `${path}: servers: must be a list of "host:port" strings`);
  }
  return parseServerList(servers.join(','), `${path}: servers`);
}

export function resolveServers(sources: ConfigSources): ResolvedServers {
  if (sources.flag !== undefined && sources.flag !== '')
    return { servers: parseServerList(sources.flag, '--server'), source: '--server' };
  const fromEnv = sources.env['ORCA_SERVER'];
  if (fromEnv !== undefined && fromEnv !== '')
    return { servers: parseServerList(fromEnv, 'ORCA_SERVER'), source: 'ORCA_SERVER' };
  const path = configPath(sources.env, sources.home);
  const text = sources.readConfig(path);
  if (text === undefined) {
    throw new CliError(
      'usage',
      `no Orca server configured: pass --server HOST:PORT, set ORCA_SERVER, or start a cluster with \`orca up\` (it writes ${path})`,
    );
  }
  return { servers: parseConfigFile(text, path), source: path };
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

/** Writes the config atomically (temp file + rename), creating its folder. */
export function writeClientConfig(path: string, config: ClientConfigFile): void {
  writeSharedClientConfig(path, config.servers);
}
