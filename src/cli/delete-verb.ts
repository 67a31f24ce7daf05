/** `orca delete KIND NAME [-n NS]` or `orca delete -f FILE`: `deployment.apps "web" deleted`. */
import { kindInfo, type KindInfo } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import { readManifests } from './manifest-input.js';
import type { ConnectionFlags } from './client-config.js';
import {
  kindFromArgument,
  namespaceOf,
  splitArguments,
  toCliError,
  withClient,
  type VerbContext,
} from './verb-context.js';

function deletedLine(info: KindInfo, name: string, deleted: boolean): string {
  const slash = info.apiVersion.indexOf('/');
  const resource = `${info.singular}${slash < 0 ? '' : `.${info.apiVersion.slice(0, slash)}`}`;
  return deleted
    ? `${resource} "${name}" deleted\n`
    : `${resource} "${name}" marked for deletion (waiting on finalizers)\n`;
}

interface DeleteTarget {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string | undefined;
}

async function deleteOne(
  client: ObjectClient,
  target: DeleteTarget,
  context: VerbContext,
  gracePeriodSeconds: number | undefined,
): Promise<void> {
  const options = gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds };
  const result = await client.delete(
    { kind: target.info.kind, name: target.name, namespace: target.namespace },
    options,
  );
  // A pod marked for graceful deletion is as good as deleted for the user (kubectl says so too): its worker finishes it.
  const stopping =
    !result.deleted && target.info.kind === 'Pod' && (result.object?.metadata?.finalizers ?? []).length === 0;
  context.write(deletedLine(target.info, target.name, result.deleted || stopping));
}

/** `--grace-period N` (0 only with --force, as kubectl asks), or undefined for the pod's own. */
export function gracePeriodOption(options: Record<string, unknown>): number | undefined {
  const given = options['gracePeriod'];
  if (given === undefined) {
    if (options['force'] === true) throw new CliError('usage', '--force: needs --grace-period 0');
    return undefined;
  }
  const text = String(given);
  if (!/^\d{1,8}$/.test(text))
    throw new CliError('usage', `--grace-period: must be a whole number of seconds, got "${text}"`);
  const seconds = Number(text);
  if (seconds === 0 && options['force'] !== true)
    throw new CliError(
      'usage',
      "--grace-period 0: a force delete also needs --force (the pod's processes may still be running on its node)",
    );
  return seconds;
}

async function targetsOf(
  positional: unknown[],
  options: Record<string, unknown>,
  context: VerbContext,
  connection: ConnectionFlags,
): Promise<DeleteTarget[]> {
  const file = options['filename'];
  if (typeof file === 'string') {
    if (positional[0] !== undefined) throw new CliError('usage', 'give either KIND NAME or -f FILE, not both');
    const objects = await readManifests(file, context.readStdin);
    return objects.flatMap(({ object }) => {
      const info = kindInfo(object.kind);
      return info === undefined
        ? []
        : [
            {
              info,
              name: object.metadata?.name ?? '',
              namespace:
                object.metadata?.namespace ?? (info.namespaced ? namespaceOf(context, connection, options) : undefined),
            },
          ];
    });
  }
  const info = kindFromArgument(positional[0]);
  const name = positional[1];
  if (typeof name !== 'string' || name === '')
    throw new CliError('usage', `delete ${info.plural}: a name is required (or -f FILE)`);
  return [{ info, name, namespace: namespaceOf(context, connection, options) }];
}

export function deleteAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const targets = await targetsOf(positional, options, context, connection);
    const gracePeriodSeconds = gracePeriodOption(options);
    await withClient(context, connection, async (client) => {
      // like kubectl: every object is tried; the first failure decides the exit code
      let firstFailure: unknown;
      for (const target of targets) {
        try {
          await deleteOne(client, target, context, gracePeriodSeconds);
        } catch (error: unknown) {
          if (targets.length === 1) throw error;
          context.warn(`error: ${error instanceof Error ? error.message : String(error)}\n`);
          firstFailure ??= error;
        }
      }
      if (firstFailure !== undefined)
        throw new CliError('failed', `${(toCliError(firstFailure) as Error).message} (and every failure above)`);
    });
  };
}
