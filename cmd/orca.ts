#!/usr/bin/env node
/**
 * The one entry point: `orca master`, `orca worker`, `orca up` and the client verbs.
 * Parsing and help live in src/cli/program.ts; this file wires in the actions that
 * each need the rest of the system, and turns every failure into one line.
 */
import type { Command } from 'commander';
import { buildProgram, CommanderError, isCleanExit, type Actions } from '../src/cli/program.js';
import { describeFailure } from '../src/cli/errors.js';
import { clientActions, processVerbContext } from '../src/cli/client-verbs.js';
import { rolloutAction } from '../src/cli/rollout-verb.js';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { kubeApi } from '../src/kube/index.js';
import { runMasterCommand, type MasterFlags } from '../src/master/index.js';
import type { NodeNetworkFlags } from '../src/network/index.js';
import { runWorkerCommand, type WorkerFlags } from '../src/worker/index.js';
import { upAction } from './up.js';
import { nodeNetworkFactory } from './worker-network.js';

/** Every TLS connection of the cluster (gRPC, HTTPS, the join's first contact) is TLS 1.3. */
tls.DEFAULT_MIN_VERSION = 'TLSv1.3';

/**
 * grpc-js names IP addresses as the TLS server name, which Node warns about
 * once per process (DEP0123). The certificate's IP SANs are what is checked,
 * so the warning says nothing to a user: it is dropped here, every other
 * warning printed as before.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((...args: unknown[]) => {
  if (args.includes('DEP0123')) return;
  emitWarning(...args);
}) as typeof process.emitWarning;

const actions: Actions = {
  ...clientActions(processVerbContext()),
  rollout: rolloutAction(processVerbContext()),
  // optsWithGlobals: `--token` is also a program-wide option (a bearer token for client verbs), which takes the value.
  master: (...args: unknown[]) =>
    runMasterCommand((args[args.length - 1] as Command).optsWithGlobals<MasterFlags>(), [kubeApi()]),
  // optsWithGlobals: `--server` is also a program-wide option, which takes the value.
  worker: (...args: unknown[]) => {
    const flags = (args[args.length - 1] as Command).optsWithGlobals<WorkerFlags & NodeNetworkFlags>();
    // The pod network is for pods in networks of their own (the cri runtime); process and sim pods share the host's, or none.
    const podsNetworked = (flags.runtime ?? 'cri') === 'cri';
    return runWorkerCommand(flags, podsNetworked ? nodeNetworkFactory(flags) : undefined);
  },
  up: upAction(fileURLToPath(import.meta.url)),
};

/**
 * The worker's security flags (src/cli/program.ts declares the rest of its
 * flags): --token for the first start, --data-dir where its identity is kept,
 * --insecure for a cluster without security.
 */
function addWorkerSecurityFlags(program: Command): void {
  const worker = program.commands.find((command) => command.name() === 'worker');
  if (worker === undefined) return;
  worker
    .option(
      '--token <token>',
      'a worker join token (K10…, from `orca token create` on a master): needed on the first start only',
    )
    .option(
      '--data-dir <dir>',
      'where the worker keeps its identity (tls/ca.crt, node.crt, node.key); default .orca/worker-NAME',
    )
    .option('--insecure', 'plaintext and no identity, for masters that run with --insecure');
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram(actions, (text) => process.stdout.write(text));
  addWorkerSecurityFlags(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error: unknown) {
    if (isCleanExit(error)) return 0;
    if (error instanceof CommanderError) return 2;
    const failure = describeFailure(error);
    process.stderr.write(failure.line + '\n');
    return failure.exitCode;
  }
}

process.exitCode = await main(process.argv);
