/** The client verbs' actions, ready to hand to buildProgram. */
import { homedir } from 'node:os';
import { TlsIdentity } from '../client/index.js';
import { applyAction } from './apply-verb.js';
import { authActions } from './auth-verbs.js';
import { kubeconfigActions } from './kubeconfig-verb.js';
import { fileConfigStore, readConfigFile, resolveConnection, type ConnectionFlags } from './client-config.js';
import { clusterAction } from './cluster-verb.js';
import { configActions } from './config-verbs.js';
import { deleteAction } from './delete-verb.js';
import { describeAction } from './describe-verb.js';
import { getAction } from './get-verb.js';
import { readProcessStdin } from './manifest-input.js';
import { cordonAction, drainAction } from './node-verbs.js';
import { execAction, logsAction } from './pod-verbs.js';
import type { Actions } from './program.js';
import { scaleAction } from './scale-verb.js';
import { tokenActions } from './token-verbs.js';
import type { Connection, VerbContext } from './verb-context.js';

export function clientActions(context: VerbContext): Actions {
  return {
    apply: applyAction(context),
    get: getAction(context),
    describe: describeAction(context),
    delete: deleteAction(context),
    cluster: clusterAction(context),
    logs: logsAction(context),
    exec: execAction(context),
    scale: scaleAction(context),
    cordon: cordonAction(context, true),
    uncordon: cordonAction(context, false),
    drain: drainAction(context),
    ...configActions(context),
    ...tokenActions(context),
    ...authActions(context),
    ...kubeconfigActions(context),
  };
}

/** Where a context's config and environment come from, and where its output goes. */
export interface ConfigVerbContextOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  readonly write: (text: string) => void;
  readonly warn: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly now: () => number;
  readonly stop?: AbortSignal;
  /** Client limits and timeouts (tests make them short). */
  readonly clientOptions?: VerbContext['clientOptions'];
}

/** The connection the flags, `env` and the config file select, with a TLS identity made from its material. */
export function connectionFromConfig(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): Connection {
  const resolved = resolveConnection({ flags, env, readConfig: readConfigFile, home });
  return {
    servers: resolved.servers,
    ...(resolved.tls === undefined ? {} : { tls: new TlsIdentity(resolved.tls) }),
    ...(resolved.namespace === undefined ? {} : { namespace: resolved.namespace }),
  };
}

/** A context that reads the client config file `env` and `home` name (the real process, and tests with their own file). */
export function configVerbContext(options: ConfigVerbContextOptions): VerbContext {
  return {
    write: options.write,
    warn: options.warn,
    readStdin: options.readStdin,
    resolveServers: (flags) => connectionFromConfig(flags, options.env, options.home),
    configStore: fileConfigStore(options.env, options.home),
    now: options.now,
    ...(options.stop === undefined ? {} : { stop: options.stop }),
    ...(options.clientOptions === undefined ? {} : { clientOptions: options.clientOptions }),
  };
}

/** The context of the real `orca` process: its stdout/stderr, environment, config file and Ctrl-C. */
export function processVerbContext(stop?: AbortSignal): VerbContext {
  return configVerbContext({
    env: process.env,
    home: homedir(),
    write: (text) => process.stdout.write(text),
    warn: (text) => process.stderr.write(text),
    readStdin: readProcessStdin,
    now: () => Date.now(),
    ...(stop === undefined ? {} : { stop }),
  });
}

export type { VerbContext };
