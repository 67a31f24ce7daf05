/**
 * `orca rollout status|history|undo|pause|resume|restart KIND NAME`. Undo puts
 * the template of a kept ReplicaSet back into the Deployment; the Deployment
 * controller then finds that ReplicaSet by its pod-template-hash and rolls to it.
 */
import type { DaemonSet, Deployment, KindInfo, PodTemplateSpec, ReplicaSet, StatefulSet } from '../api/index.js';
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

const revisionAnnotation = 'deployment.kubernetes.io/revision';
const changeCauseAnnotation = 'kubernetes.io/change-cause';
const restartedAtAnnotation = 'kubectl.kubernetes.io/restartedAt';
const podTemplateHashLabel = 'pod-template-hash';
const updateAttemptsMax = 5;
const statusPollMs = 500;

function revisionOf(set: ReplicaSet): number {
  const value = Number(set.metadata?.annotations?.[revisionAnnotation] ?? '0');
  return Number.isFinite(value) ? value : 0;
}

function ownedBy(sets: readonly ReplicaSet[], deployment: Deployment): ReplicaSet[] {
  const uid = deployment.metadata?.uid ?? '';
  return sets.filter((set) =>
    (set.metadata?.ownerReferences ?? []).some((owner) => owner.controller === true && owner.uid === uid),
  );
}

/** The template of the revision to return to: `toRevision`, or the one before the newest. */
export function rollbackTemplate(
  sets: readonly ReplicaSet[],
  deployment: Deployment,
  toRevision: number | undefined,
): PodTemplateSpec {
  const owned = ownedBy(sets, deployment).sort((a, b) => revisionOf(b) - revisionOf(a));
  const name = deployment.metadata?.name ?? '';
  const target = toRevision === undefined ? owned[1] : owned.find((set) => revisionOf(set) === toRevision);
  if (target === undefined) {
    throw new CliError(
      'failed',
      toRevision === undefined
        ? `no rollout history found for deployment "${name}"`
        : `unable to find the specified revision ${toRevision} for deployment "${name}"`,
    );
  }
  const template = structuredClone(target.spec?.template ?? {});
  const labels = { ...template.metadata?.labels };
  delete labels[podTemplateHashLabel];
  template.metadata = { ...template.metadata, labels };
  return template;
}

/** Read, change, write with the read's resourceVersion; again on a conflict. */
async function modify<T extends Deployment | StatefulSet | DaemonSet>(
  client: ObjectClient,
  info: KindInfo,
  namespace: string,
  name: string,
  change: (object: T) => T,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const current = (await client.get({ kind: info.kind, namespace, name })) as T;
    try {
      return await client.update(change(current));
    } catch (error: unknown) {
      if (!isClientError(error, 'conflict') || attempt >= updateAttemptsMax) throw error;
    }
  }
}

function requireDeployment(info: KindInfo, action: string): void {
  if (info.kind !== 'Deployment')
    throw new CliError('usage', `rollout ${action}: only deployments are supported, not ${info.plural}`);
}

interface RolloutTarget {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string;
}

async function history(client: ObjectClient, target: RolloutTarget, context: VerbContext): Promise<void> {
  requireDeployment(target.info, 'history');
  const deployment = await client.get({ kind: 'Deployment', namespace: target.namespace, name: target.name });
  const sets = ownedBy((await client.listAll('ReplicaSet', { namespace: target.namespace })).items, deployment).sort(
    (a, b) => revisionOf(a) - revisionOf(b),
  );
  context.write(`${qualifiedName(target.info, target.name)}\nREVISION  CHANGE-CAUSE\n`);
  for (const set of sets)
    context.write(
      `${String(revisionOf(set)).padEnd(10)}${set.metadata?.annotations?.[changeCauseAnnotation] ?? '<none>'}\n`,
    );
}

async function undo(
  client: ObjectClient,
  target: RolloutTarget,
  toRevision: number | undefined,
  context: VerbContext,
): Promise<void> {
  requireDeployment(target.info, 'undo');
  const sets = (await client.listAll('ReplicaSet', { namespace: target.namespace })).items;
  await modify<Deployment>(client, target.info, target.namespace, target.name, (deployment) => ({
    ...deployment,
    spec: { ...deployment.spec, template: rollbackTemplate(sets, deployment, toRevision) },
  }));
  context.write(`${qualifiedName(target.info, target.name)} rolled back\n`);
}

async function setPaused(
  client: ObjectClient,
  target: RolloutTarget,
  paused: boolean,
  context: VerbContext,
): Promise<void> {
  requireDeployment(target.info, paused ? 'pause' : 'resume');
  await modify<Deployment>(client, target.info, target.namespace, target.name, (deployment) => ({
    ...deployment,
    spec: { ...deployment.spec, paused },
  }));
  context.write(`${qualifiedName(target.info, target.name)} ${paused ? 'paused' : 'resumed'}\n`);
}

async function restart(client: ObjectClient, target: RolloutTarget, context: VerbContext): Promise<void> {
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(target.info.kind))
    throw new CliError('usage', `rollout restart: ${target.info.plural} cannot be restarted`);
  const stamp = new Date(context.now()).toISOString();
  await modify<Deployment | StatefulSet | DaemonSet>(client, target.info, target.namespace, target.name, (object) => {
    const template = structuredClone(object.spec?.template ?? {});
    template.metadata = {
      ...template.metadata,
      annotations: { ...template.metadata?.annotations, [restartedAtAnnotation]: stamp },
    };
    return { ...object, spec: { ...object.spec, template } } as typeof object;
  });
  context.write(`${qualifiedName(target.info, target.name)} restarted\n`);
}

/** One line about where a rollout stands, whether it is over, and whether it failed. */
export function rolloutProgress(object: Deployment | StatefulSet | DaemonSet): {
  line: string;
  done: boolean;
  failed: boolean;
} {
  const name = object.metadata?.name ?? '';
  if ((object.status?.observedGeneration ?? 0) < (object.metadata?.generation ?? 0))
    return {
      line: `Waiting for ${object.kind.toLowerCase()} spec update to be observed...`,
      done: false,
      failed: false,
    };
  if (object.kind === 'Deployment') return deploymentProgress(object, name);
  if (object.kind === 'StatefulSet') {
    const status = object.status ?? {};
    const wanted = object.spec?.replicas ?? 1;
    if ((status.readyReplicas ?? 0) < wanted)
      return {
        line: `Waiting for ${wanted - (status.readyReplicas ?? 0)} pods to be ready...`,
        done: false,
        failed: false,
      };
    if ((status.updateRevision ?? '') !== (status.currentRevision ?? ''))
      return {
        line: `Waiting for partitioned roll out to finish: ${status.updatedReplicas ?? 0} out of ${wanted} new pods have been updated...`,
        done: false,
        failed: false,
      };
    return {
      line: `partitioned roll out complete: ${wanted} new pods have been updated...`,
      done: true,
      failed: false,
    };
  }
  const status = object.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  if ((status.updatedNumberScheduled ?? 0) < desired)
    return {
      line: `Waiting for daemon set "${name}" rollout to finish: ${status.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`,
      done: false,
      failed: false,
    };
  if ((status.numberAvailable ?? 0) < desired)
    return {
      line: `Waiting for daemon set "${name}" rollout to finish: ${status.numberAvailable ?? 0} of ${desired} updated pods are available...`,
      done: false,
      failed: false,
    };
  return { line: `daemon set "${name}" successfully rolled out`, done: true, failed: false };
}

function deploymentProgress(deployment: Deployment, name: string): { line: string; done: boolean; failed: boolean } {
  const status = deployment.status ?? {};
  const wanted = deployment.spec?.replicas ?? 1;
  const progressing = (status.conditions ?? []).find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return { line: `deployment "${name}" exceeded its progress deadline`, done: true, failed: true };
  const waiting = `Waiting for deployment "${name}" rollout to finish: `;
  const updated = status.updatedReplicas ?? 0;
  if (updated < wanted)
    return {
      line: `${waiting}${updated} out of ${wanted} new replicas have been updated...`,
      done: false,
      failed: false,
    };
  if ((status.replicas ?? 0) > updated)
    return {
      line: `${waiting}${(status.replicas ?? 0) - updated} old replicas are pending termination...`,
      done: false,
      failed: false,
    };
  if ((status.availableReplicas ?? 0) < updated)
    return {
      line: `${waiting}${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`,
      done: false,
      failed: false,
    };
  return { line: `deployment "${name}" successfully rolled out`, done: true, failed: false };
}

async function status(client: ObjectClient, target: RolloutTarget, context: VerbContext): Promise<void> {
  if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(target.info.kind))
    throw new CliError('usage', `rollout status: ${target.info.plural} have no rollout`);
  let last = '';
  for (;;) {
    const object = (await client.get({ kind: target.info.kind, namespace: target.namespace, name: target.name })) as
      Deployment | StatefulSet | DaemonSet;
    const progress = rolloutProgress(object);
    if (progress.failed) throw new CliError('failed', progress.line);
    if (progress.line !== last) context.write(`${progress.line}\n`);
    last = progress.line;
    if (progress.done) return;
    if (context.stop?.aborted === true)
      throw new CliError('failed', 'rollout status: stopped before the rollout finished');
    await new Promise((resolve) => setTimeout(resolve, statusPollMs));
  }
}

function parseRevision(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const revision = Number(value);
  if (!Number.isInteger(revision) || revision < 0)
    throw new CliError('usage', `--to-revision: "${String(value)}" is not a revision number`);
  return revision === 0 ? undefined : revision;
}

export function rolloutAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { positional, options, connection } = splitArguments(args);
    const action = String(positional[0] ?? '');
    const info = kindFromArgument(positional[1]);
    const name = String(positional[2] ?? '');
    const target: RolloutTarget = { info, name, namespace: namespaceOf(context, connection, options) };
    const toRevision = parseRevision(options['toRevision']);
    await withClient(context, connection, async (client) => {
      switch (action) {
        case 'status':
          return status(client, target, context);
        case 'history':
          return history(client, target, context);
        case 'undo':
          return undo(client, target, toRevision, context);
        case 'pause':
          return setPaused(client, target, true, context);
        case 'resume':
          return setPaused(client, target, false, context);
        case 'restart':
          return restart(client, target, context);
        default:
          throw new CliError(
            'usage',
            `rollout: unknown action "${action}" (status, history, undo, pause, resume, restart)`,
          );
      }
    });
  };
}
