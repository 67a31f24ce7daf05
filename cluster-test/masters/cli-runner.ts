/**
 * The `orca` CLI run in-process against a test cluster, as a user would type it:
 * what it printed, what it warned, and, when it failed, the one line and exit
 * code a user would see.
 */
import type { ClientOptions } from '../../src/client/index.js';
import { clientActions } from '../../src/cli/client-verbs.js';
import { describeFailure } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/program.js';

export interface CliRun {
  readonly output: string;
  readonly errors: string;
  readonly failure?: string;
  readonly exitCode: number;
}

export interface CliTarget {
  /** The masters to talk to, read at each run (a test may restart them). */
  readonly servers: () => string[];
  readonly clientOptions?: Partial<Omit<ClientOptions, 'servers'>>;
}

export async function runOrca(target: CliTarget, args: readonly string[]): Promise<CliRun> {
  let output = '';
  let errors = '';
  const context = {
    write: (text: string) => {
      output += text;
    },
    warn: (text: string) => {
      errors += text;
    },
    readStdin: () => Promise.resolve(''),
    resolveServers: () => ({ servers: target.servers() }),
    ...(target.clientOptions === undefined ? {} : { clientOptions: target.clientOptions }),
    now: () => Date.now(),
  };
  const program = buildProgram(clientActions(context), (text) => {
    output += text;
  });
  try {
    await program.parseAsync(['node', 'orca', ...args]);
    return { output, errors, exitCode: 0 };
  } catch (error: unknown) {
    const failure = describeFailure(error);
    return { output, errors, failure: failure.line, exitCode: failure.exitCode };
  }
}
