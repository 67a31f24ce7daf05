/**
 * The four patch types of a Kubernetes PATCH, named by the request's
 * Content-Type, and the parsing of their bodies: JSON for three of them, YAML
 * (or JSON, which is YAML) for an apply.
 */
import { parseAllDocuments, type Tags } from 'yaml';
import { PatchError, patchLimits } from './errors.js';
import { applyJsonPatch } from './json-patch.js';
import { isObject, type Json } from './json.js';
import { applyMergePatch } from './merge-patch.js';
import { applyStrategicMergePatch } from './strategic-merge-patch.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The media types in the order Kubernetes lists them in its 415 message. */
export const patchContentTypes: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  apply: 'application/apply-patch+yaml',
  strategic: 'application/strategic-merge-patch+json',
};

const byContentType: ReadonlyMap<string, PatchType> = new Map(
  Object.entries(patchContentTypes).map(([type, contentType]) => [contentType, type as PatchType]),
);

/**
 * The patch type of a Content-Type header (parameters such as `charset` are
 * ignored); any other type is `unsupported` (415) with Kubernetes' message.
 */
export function contentTypeToPatchType(contentType: string | undefined): PatchType {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const type = byContentType.get(mediaType);
  if (type !== undefined) return type;
  throw new PatchError(
    'unsupported',
    `the body of the request was in an unknown format - accepted media types include: ${Object.values(patchContentTypes).join(', ')}`,
  );
}

/** The body of a PATCH, parsed for its type: a JSON value, or for an apply the one object of its YAML. */
export function parsePatchBody(type: PatchType, body: string): unknown {
  if (Buffer.byteLength(body, 'utf8') > patchLimits.bodyBytesMax)
    throw new PatchError('too-large', `the patch is larger than ${patchLimits.bodyBytesMax} bytes`);
  if (type === 'apply') return parseApplyBody(body);
  try {
    return JSON.parse(body) as unknown;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PatchError('invalid-patch', `the patch is not valid JSON: ${message}`);
  }
}

function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp');
}

/** YAML 1.1 as Kubernetes reads it, timestamps kept as strings; exactly one document, an object. */
function parseApplyBody(body: string): Json {
  const documents = parseAllDocuments(body, {
    version: '1.1',
    uniqueKeys: true,
    prettyErrors: false,
    customTags: withoutTimestamps,
  });
  const list = Array.isArray(documents) ? documents : [];
  if (list.length !== 1)
    throw new PatchError('invalid-patch', 'error decoding YAML: an apply patch must be one document');
  const [document] = list;
  const [firstError] = document?.errors ?? [];
  if (firstError !== undefined) throw new PatchError('invalid-patch', `error decoding YAML: ${firstError.message}`);
  const value: unknown = document?.toJS({ maxAliasCount: 100 });
  if (!isObject(value))
    throw new PatchError('invalid-patch', 'error decoding YAML: the applied configuration must be an object');
  return value;
}

/** Applies a parsed JSON, merge or strategic merge patch to `target`, an object of `kind` (apply: serverSideApply). */
export function applyPatch(type: Exclude<PatchType, 'apply'>, target: Json, patch: unknown, kind: string): Json {
  if (type === 'json') return applyJsonPatch(target, patch);
  if (type === 'merge') return applyMergePatch(target, patch);
  return applyStrategicMergePatch(target, patch, kind);
}
