/**
 * `orca config view | get-contexts | current-context | use-context |
 * set-context | set-credentials | set-cluster`: the client config file read,
 * changed by a pure edit (config-edits.ts) and written back atomically.
 */
import { stringify } from 'yaml';
import type { ClientConfig } from '../client/index.js';
import { parseServerList, type ConfigStore } from './client-config.js';
import {
  contextsTable,
  currentContext,
  redactConfig,
  setCluster,
  setContext,
  setCredentials,
  useContext,
} from './config-edits.js';
import { CliError } from './errors.js';
import type { Action, VerbName } from './program.js';
import { splitArguments, type VerbContext } from './verb-context.js';

function storeOf(context: VerbContext): ConfigStore {
  if (context.configStore === undefined)
    throw new CliError('not-built', '`orca config` has no client config file to work on here');
  return context.configStore;
}

function nameArgument(value: unknown, verb: string): string {
  if (typeof value !== 'string' || value === '') throw new CliError('usage', `${verb}: a name is required`);
  return value;
}

function optionalString(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

/** `config view`: YAML (or JSON) of the file, with secret data left out unless --raw. */
export function renderConfig(config: ClientConfig, options: { raw: boolean; output: string }): string {
  const shown = options.raw ? config : redactConfig(config);
  if (options.output === 'json') return JSON.stringify(shown, null, 2) + '\n';
  if (options.output === 'yaml') return stringify(shown);
  throw new CliError('usage', `-o ${options.output}: must be yaml or json`);
}

/** A file a flag names, checked to hold the PEM block it should (`CERTIFICATE`, `PRIVATE KEY`). */
function pemFile(store: ConfigStore, file: string, flag: string, label: string): string {
  const text = store.readFile(file, flag);
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text))
    throw new CliError('usage', `${flag}: ${file} holds no PEM ${label}`);
  return text;
}

type ConfigAction = (context: VerbContext, store: ConfigStore, args: readonly unknown[]) => void;

function configAction(context: VerbContext, body: ConfigAction): Action {
  return (...args: unknown[]) => body(context, storeOf(context), args);
}

const view: ConfigAction = (context, store, args) => {
  const { options } = splitArguments(args);
  context.write(
    renderConfig(store.read(), { raw: options['raw'] === true, output: optionalString(options, 'output') ?? 'yaml' }),
  );
};

const setContextVerb: ConfigAction = (context, store, args) => {
  const { positional, options } = splitArguments(args);
  const name = nameArgument(positional[0], 'set-context');
  const config = store.read();
  const existed = config.contexts.some((entry) => entry.name === name);
  const changes: { cluster?: string; user?: string; namespace?: string } = {};
  for (const key of ['cluster', 'user', 'namespace'] as const) {
    const value = optionalString(options, key);
    if (value !== undefined) changes[key] = value;
  }
  store.write(setContext(config, name, changes));
  context.write(`Context "${name}" ${existed ? 'modified' : 'created'}.\n`);
};

// --token and --server are also program-wide options, which take the value wherever it stands: read them from there.
const setCredentialsVerb: ConfigAction = (context, store, args) => {
  const { positional, options, connection } = splitArguments(args);
  const name = nameArgument(positional[0], 'set-credentials');
  const certificateFile = optionalString(options, 'clientCertificate');
  const keyFile = optionalString(options, 'clientKey');
  const credentials = {
    ...(connection.token === undefined ? {} : { token: connection.token }),
    ...(certificateFile === undefined
      ? {}
      : { certificatePem: pemFile(store, certificateFile, '--client-certificate', 'CERTIFICATE') }),
    ...(keyFile === undefined ? {} : { keyPem: pemFile(store, keyFile, '--client-key', 'PRIVATE KEY') }),
  };
  store.write(setCredentials(store.read(), name, credentials));
  context.write(`User "${name}" set.\n`);
};

const setClusterVerb: ConfigAction = (context, store, args) => {
  const { positional, options, connection } = splitArguments(args);
  const name = nameArgument(positional[0], 'set-cluster');
  const caFile = optionalString(options, 'certificateAuthority');
  const changes = {
    ...(connection.server === undefined ? {} : { servers: parseServerList(connection.server, '--server') }),
    ...(caFile === undefined ? {} : { caPem: pemFile(store, caFile, '--certificate-authority', 'CERTIFICATE') }),
  };
  store.write(setCluster(store.read(), name, changes));
  context.write(`Cluster "${name}" set.\n`);
};

/** The `orca config` actions, by verb name. */
export function configActions(context: VerbContext): Partial<Record<VerbName, Action>> {
  return {
    'config view': configAction(context, view),
    'config get-contexts': configAction(context, (ctx, store) => ctx.write(contextsTable(store.read()))),
    'config current-context': configAction(context, (ctx, store) => ctx.write(`${currentContext(store.read())}\n`)),
    'config use-context': configAction(context, (ctx, store, args) => {
      const name = nameArgument(splitArguments(args).positional[0], 'use-context');
      store.write(useContext(store.read(), name));
      ctx.write(`Switched to context "${name}".\n`);
    }),
    'config set-context': configAction(context, setContextVerb),
    'config set-credentials': configAction(context, setCredentialsVerb),
    'config set-cluster': configAction(context, setClusterVerb),
  };
}
