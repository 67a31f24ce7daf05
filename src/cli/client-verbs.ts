/** The client verbs' actions, ready to hand to buildProgram. */
import { homedir } from 'node:os';
import { applyAction } from './apply-verb.js';
import { readConfigFile, resolveServers } from './client-config.js';
import { clusterAction } from './cluster-verb.js';
import { deleteAction } from './delete-verb.js';
import { describeAction } from './describe-verb.js';
import { getAction } from './get-verb.js';
import { readProcessStdin } from './manifest-input.js';
import { cordonAction, drainAction } from './node-verbs.js';
import { execAction, logsAction } from './pod-verbs.js';
import type { Actions } from './program.js';
import { scaleAction } from './scale-verb.js';
import type { VerbContext } from './verb-context.js';

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
  };
}

/** The context of the real `orca` process: its stdout/stderr, environment, config file and Ctrl-C. */
export function processVerbContext(stop?: AbortSignal): VerbContext {
  return {
    write: (text) => process.stdout.write(text),
    warn: (text) => process.stderr.write(text),
    readStdin: readProcessStdin,
    resolveServers: (flag) => resolveServers({ flag, env: process.env, readConfig: readConfigFile, home: homedir() }),
    now: () => Date.now(),
    stop,
  };
}

export type { VerbContext };
