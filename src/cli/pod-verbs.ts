/**
 * `orca logs POD [-c C] [-f] [--previous] [--tail N]` and
 * `orca exec POD [-c C] -- CMD...`: both through a master, which relays to the
 * pod's worker. exec writes the command's stdout and stderr to ours and ends
 * with its exit code, as kubectl does.
 */
import { CliError } from './errors.js';
import { namespaceOf, splitArguments, withClient, type VerbContext } from './verb-context.js';

/** Tail lines accepted at most (the worker's own limit). */
const tailLinesMax = 100_000;

/** The command's own non-zero exit code, passed through as ours. */
export class CommandExitError extends CliError {
  constructor(readonly commandExitCode: number) {
    super('failed', `command terminated with exit code ${commandExitCode}`);
  }

  override get exitCode(): number {
    return this.commandExitCode;
  }
}

function podName(value: unknown, verb: string): string {
  if (typeof value !== 'string' || value === '') throw new CliError('usage', `${verb}: a pod name is required`);
  return value;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function parseTail(value: unknown): number {
  if (value === undefined) return 0;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > tailLinesMax)
    throw new CliError('usage', `--tail: must be a whole number from 0 to ${tailLinesMax}, got "${text}"`);
  return Number(text);
}

export function logsAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const name = podName(positional[0], 'logs');
    const tailLines = parseTail(options['tail']);
    const container = optionalText(options['container']);
    await withClient(context, connection, (client) =>
      client.logs(
        { namespace: namespaceOf(context, connection, options), name },
        {
          ...(container === undefined ? {} : { container }),
          follow: options['follow'] === true,
          previous: options['previous'] === true,
          tailLines,
          ...(context.stop === undefined ? {} : { signal: context.stop }),
        },
        (chunk) => context.write(chunk.toString('utf8')),
      ),
    );
  };
}

export function execAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const name = podName(positional[0], 'exec');
    const command = Array.isArray(positional[1]) ? positional[1].map(String) : [];
    if (command.length === 0) throw new CliError('usage', 'exec: a command is required: orca exec POD -- CMD...');
    if (options['stdin'] === true || options['tty'] === true)
      throw new CliError('usage', 'exec: -i and -t (interactive) are not supported yet; run a command without them');
    const container = optionalText(options['container']);
    const result = await withClient(context, connection, (client) =>
      client.exec({ namespace: namespaceOf(context, connection, options), name }, command, {
        ...(container === undefined ? {} : { container }),
        onStdout: (chunk) => context.write(chunk.toString('utf8')),
        onStderr: (chunk) => context.warn(chunk.toString('utf8')),
      }),
    );
    if (result.exitCode !== 0) throw new CommandExitError(result.exitCode);
  };
}
