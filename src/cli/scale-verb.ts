/** `orca scale KIND NAME --replicas N [-n NS]`: sets spec.replicas, compare-and-swapped; `deployment.apps/web scaled`. */
import type { OrcaObject } from '../api/index.js';
import { isClientError, type ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import {
  kindFromArgument,
  qualifiedName,
  namespaceOf,
  splitArguments,
  withClient,
  type VerbContext,
} from './verb-context.js';

const scalableKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);
const replicasMax = 100_000;
const conflictRetriesMax = 5;

export function parseReplicas(value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (!/^\d+$/.test(text) || Number(text) > replicasMax)
    throw new CliError('usage', `--replicas: must be a whole number from 0 to ${replicasMax}, got "${text}"`);
  return Number(text);
}

/** Read, set, write; a concurrent change (conflict) is read again, a bounded number of times. */
async function scale(
  client: ObjectClient,
  ref: { kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet'; namespace: string; name: string },
  replicas: number,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const current = await client.get(ref);
    const spec = (current as { spec?: Record<string, unknown> }).spec ?? {};
    try {
      await client.update({ ...current, spec: { ...spec, replicas } } as OrcaObject);
      return;
    } catch (error: unknown) {
      if (!isClientError(error, 'conflict') || attempt >= conflictRetriesMax) throw error;
    }
  }
}

export function scaleAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const info = kindFromArgument(positional[0]);
    if (!scalableKinds.has(info.kind))
      throw new CliError(
        'usage',
        `scale: ${info.plural} cannot be scaled (Deployments, ReplicaSets and StatefulSets can)`,
      );
    const name = positional[1];
    if (typeof name !== 'string' || name === '')
      throw new CliError('usage', `scale ${info.plural}: a name is required`);
    const replicas = parseReplicas(options['replicas']);
    const namespace = namespaceOf(context, connection, options);
    await withClient(context, connection, async (client) => {
      await scale(client, { kind: info.kind as 'Deployment', namespace, name }, replicas);
      context.write(`${qualifiedName(info, name)} scaled\n`);
    });
  };
}
