/**
 * `orca apply -f`: create each object, or update it in place when it exists
 * (a compare-and-swap on the revision just read, repeated on a conflict), and
 * say which: `deployment.apps/web created|configured|unchanged`.
 */
import { kindInfo, type OrcaObject } from '../api/index.js';
import { containsFields, isClientError, type ObjectClient } from '../client/index.js';
import { CliError } from './errors.js';
import { readManifests } from './manifest-input.js';
import { namespaceOf, qualifiedName, splitArguments, withClient, type VerbContext } from './verb-context.js';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

const conflictRetriesMax = 5;

type Parts = Record<string, unknown> & { metadata?: OrcaObject['metadata']; status?: unknown };

/**
 * The manifest's parts over the stored object: spec and the like as written,
 * labels as written (they drive selectors), annotations merged (others add
 * theirs), server metadata kept, at the stored revision.
 */
function replacement(stored: OrcaObject, wanted: OrcaObject): OrcaObject {
  const { status: _ignored, ...rest } = wanted as Parts;
  const metadata = {
    ...stored.metadata,
    ...wanted.metadata,
    labels: wanted.metadata?.labels ?? {},
    annotations: { ...stored.metadata?.annotations, ...wanted.metadata?.annotations },
    resourceVersion: stored.metadata?.resourceVersion,
  };
  return { ...rest, metadata } as OrcaObject;
}

function sameKeys(stored: unknown, wanted: unknown): boolean {
  const keys = (value: unknown): string =>
    JSON.stringify(Object.keys(typeof value === 'object' && value !== null ? value : {}).sort());
  return keys(stored) === keys(wanted);
}

/** True when applying `wanted` would change nothing: server defaults inside the stored object are not differences. */
export function isUnchanged(stored: OrcaObject, wanted: OrcaObject): boolean {
  const { metadata: wantedMeta, status: _wantedStatus, ...wantedRest } = wanted as Parts;
  const { metadata: storedMeta, status: _storedStatus, ...storedRest } = stored as Parts;
  return (
    containsFields(storedRest, wantedRest) &&
    ['data', 'binaryData'].every(
      (key) => wantedRest[key] === undefined || sameKeys(storedRest[key], wantedRest[key]),
    ) &&
    sameKeys(storedMeta?.labels, wantedMeta?.labels) &&
    containsFields(storedMeta?.labels, wantedMeta?.labels) &&
    containsFields(storedMeta?.annotations, wantedMeta?.annotations)
  );
}

export async function applyObject(client: ObjectClient, wanted: OrcaObject): Promise<ApplyOutcome> {
  const name = wanted.metadata?.name ?? '';
  if (name === '') throw new CliError('usage', `${wanted.kind}: metadata.name: required for apply`);
  for (let attempt = 0; ; attempt += 1) {
    let stored: OrcaObject;
    try {
      stored = await client.get({ kind: wanted.kind, namespace: wanted.metadata?.namespace, name });
    } catch (error: unknown) {
      if (!isClientError(error, 'not-found')) throw error;
      try {
        await client.create(wanted);
        return 'created';
      } catch (createError: unknown) {
        if (isClientError(createError, 'already-exists') && attempt < conflictRetriesMax) continue; // created meanwhile: update it
        throw createError;
      }
    }
    if (isUnchanged(stored, wanted)) return 'unchanged';
    try {
      await client.update(replacement(stored, wanted));
      return 'configured';
    } catch (error: unknown) {
      if (!isClientError(error, 'conflict') || attempt >= conflictRetriesMax) throw error;
    }
  }
}

/** The object with `namespace` (-n, else the context's) where its manifest names none. */
function inNamespace(object: OrcaObject, namespace: string | undefined): OrcaObject {
  if (namespace === undefined || (object.metadata?.namespace ?? '') !== '') return object;
  return { ...object, metadata: { ...object.metadata, namespace } } as OrcaObject;
}

export function applyAction(context: VerbContext) {
  return async (...args: unknown[]): Promise<void> => {
    const { options, connection } = splitArguments(args);
    const objects = await readManifests(String(options['filename']), context.readStdin);
    if (objects.length === 0) throw new CliError('usage', `no objects found in ${String(options['filename'])}`);
    await withClient(context, connection, async (client) => {
      for (const { object } of objects) {
        const info = kindInfo(object.kind);
        if (info === undefined) continue; // parseManifest only yields known kinds
        const namespace = info.namespaced ? namespaceOf(context, connection, options) : undefined;
        const outcome = await applyObject(client, inNamespace(object, namespace));
        context.write(`${qualifiedName(info, object.metadata?.name ?? '')} ${outcome}\n`);
      }
    });
  };
}
