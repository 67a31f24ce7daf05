/** `orca delete KIND NAME [-n NS]` or `orca delete -f FILE`: `deployment.apps "web" deleted`. */
import { kindInfo, type KindInfo } from '../api/index.js';
import type { ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import { readManifests } from './manifest-input.js';
import { kindFromArgument, splitArguments, toCliError, withClient, type VerbContext } from './verb-context.js';

function deletedLine(info: KindInfo, name: string, deleted: boolean): string {
  const slash = info.apiVersion.indexOf('/');
  const resource = `${info.singular}${slash < 0 ? '' : `.${info.apiVersion.slice(0, slash)}`}`;
  return deleted ? `${resource} "${name}" deleted\n` : `${resource} "${name}" marked for deletion (waiting on finalizers)\n`;
}

interface DeleteTarget {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string | undefined;
}

async function deleteOne(client: ObjectClient, target: DeleteTarget, context: VerbContext): Promise<void> {
  const result = await client.delete({ kind: target.info.kind, name: target.name, namespace: target.namespace });
  context.write(deletedLine(target.info, target.name, result.deleted));
}

async function targetsOf(positional: unknown[], options: Record<string, unknown>, context: VerbContext): Promise<DeleteTarget[]> {
  const file = options['filename'];
  if (typeof file === 'string') {
    if (positional[0] !== undefined) throw new CliError('usage', 'give either KIND NAME or -f FILE, not both');
    const objects = await readManifests(file, context.readStdin);
    return objects.flatMap(({ object }) => {
      const info = kindInfo(object.kind);
      return info === undefined ? [] : [{ info, name: object.metadata?.name ?? '', namespace: object.metadata?.namespace }];
    });
  }
  const info = kindFromArgument(positional[0]);
  const name = positional[1];
  if (typeof name !== 'string' || name === '') throw new CliError('usage', `delete ${info.plural}: a name is required (or -f FILE)`);
  return [{ info, name, namespace: String(options['namespace'] ?? 'default') }];
}

export function deleteAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, server } = splitArguments(args);
    const targets = await targetsOf(positional, options, context);
    await withClient(context, server, async (client) => {
      // like kubectl: every object is tried; the first failure decides the exit code
      let firstFailure: unknown;
      for (const target of targets) {
        try {
          await deleteOne(client, target, context);
        } catch (error: unknown) {
          if (targets.length === 1) throw error;
          context.warn(`error: ${error instanceof Error ? error.message : String(error)}\n`);
          firstFailure ??= error;
        }
      }
      if (firstFailure !== undefined) throw new CliError('failed', `${(toCliError(firstFailure) as Error).message} (and every failure above)`);
    });
  };
}
