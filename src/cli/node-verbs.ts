/**
 * `orca cordon|uncordon NODE` set or clear spec.unschedulable; `orca drain NODE`
 * cordons, then evicts (deletes) every pod bound to the node except DaemonSet
 * pods, and waits until they are gone or the timeout passes.
 */
import type { Node, Pod } from '../api/index.js';
import { isClientError, type ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import { splitArguments, withClient, type VerbContext } from './verb-context.js';

const conflictRetriesMax = 5;
const pollMs = 250;
const timeoutSecondsMax = 86_400;

function nodeArgument(value: unknown, verb: string): string {
  if (typeof value !== 'string' || value === '') throw new CliError('usage', `${verb}: a node name is required`);
  return value;
}

/** Returns whether the node changed. */
export async function setUnschedulable(client: ObjectClient, name: string, unschedulable: boolean): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    const node: Node = await client.get({ kind: 'Node', name });
    if ((node.spec?.unschedulable === true) === unschedulable) return false;
    try {
      await client.update({ ...node, spec: { ...node.spec, unschedulable } });
      return true;
    } catch (error: unknown) {
      if (!isClientError(error, 'conflict') || attempt >= conflictRetriesMax) throw error;
    }
  }
}

function isDaemonPod(pod: Pod): boolean {
  return (pod.metadata?.ownerReferences ?? []).some((owner) => owner.kind === 'DaemonSet' && owner.controller === true);
}

async function podsOn(client: ObjectClient, node: string): Promise<Pod[]> {
  return (await client.listAll('Pod', { fieldSelector: `spec.nodeName=${node}` })).items.filter(
    (pod) => !isDaemonPod(pod),
  );
}

export function parseTimeoutSeconds(value: unknown): number {
  const seconds = Number(value ?? 120);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > timeoutSecondsMax)
    throw new CliError(
      'usage',
      `--timeout: must be a number of seconds in (0, ${timeoutSecondsMax}], got "${String(value)}"`,
    );
  return seconds;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function parseGracePeriod(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > timeoutSecondsMax)
    throw new CliError(
      'usage',
      `--grace-period: must be a whole number of seconds from 0 to ${timeoutSecondsMax}, got "${String(value)}"`,
    );
  return seconds;
}

export interface DrainOptions {
  readonly timeoutMs: number;
  /** Seconds each pod gets to stop; absent: the pod's own terminationGracePeriodSeconds. */
  readonly gracePeriodSeconds?: number;
}

export async function drainNode(
  client: ObjectClient,
  context: VerbContext,
  node: string,
  options: DrainOptions,
): Promise<void> {
  const { timeoutMs } = options;
  const grace = options.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: options.gracePeriodSeconds };
  await setUnschedulable(client, node, true);
  context.write(`node/${node} cordoned\n`);
  const deadline = context.now() + timeoutMs;
  const evicted = new Set<string>();
  for (;;) {
    const pods = await podsOn(client, node);
    if (pods.length === 0) break;
    for (const pod of pods) {
      const key = `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
      // A pod already stopping is waited for, not deleted again (that could only shorten its grace).
      if ((pod.metadata?.deletionTimestamp ?? '') !== '' && options.gracePeriodSeconds === undefined) {
        evicted.add(key);
        continue;
      }
      try {
        await client.delete(
          { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' },
          { uid: pod.metadata?.uid, ...grace },
        );
      } catch (error: unknown) {
        if (!isClientError(error, 'not-found') && !isClientError(error, 'conflict')) throw error;
      }
      if (!evicted.has(key)) context.write(`evicting pod ${key}\n`);
      evicted.add(key);
    }
    if (context.now() > deadline)
      throw new CliError(
        'failed',
        `drain node/${node}: ${pods.length} pod(s) still on it after ${Math.round(timeoutMs / 1000)} s`,
      );
    await sleep(pollMs);
  }
  context.write(`node/${node} drained\n`);
}

export function cordonAction(context: VerbContext, unschedulable: boolean) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, connection } = splitArguments(args);
    const name = nodeArgument(positional[0], unschedulable ? 'cordon' : 'uncordon');
    await withClient(context, connection, async (client) => {
      const changed = await setUnschedulable(client, name, unschedulable);
      const verb = unschedulable ? 'cordoned' : 'uncordoned';
      context.write(`node/${name} ${changed ? verb : `already ${verb}`}\n`);
    });
  };
}

export function drainAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const name = nodeArgument(positional[0], 'drain');
    const timeoutMs = parseTimeoutSeconds(options['timeout']) * 1000;
    const gracePeriodSeconds = parseGracePeriod(options['gracePeriod']);
    await withClient(context, connection, (client) =>
      drainNode(client, context, name, {
        timeoutMs,
        ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
      }),
    );
  };
}
