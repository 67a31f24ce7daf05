// Kubernetes manifests in and out: YAML (one or many documents) or JSON, with
// `kind: List`, read into typed Orca objects and written back in Kubernetes'
// shape (apiVersion and kind first, unset fields left out).
import { parseAllDocuments, stringify, type Tags } from 'yaml';
import { decodeMessage, encodeMessage, joinPath } from './codec.js';
import { ApiError, ManifestError, type FieldError } from './errors.js';
import { kindFor, kindInfo, type KindInfo } from './kinds.js';
import { encodedBytes, manifestBytesMax, manifestObjectsMax, objectBytesMax } from './limits.js';
import type { OrcaObject } from './model.js';

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp');
}

/** Every object of a manifest, in order; the first broken document throws a ManifestError naming it. */
export function parseManifest(text: string): OrcaObject[] {
  if (Buffer.byteLength(text, 'utf8') > manifestBytesMax) {
    throw new ManifestError(
      0,
      [{ path: '', message: `manifest is larger than ${manifestBytesMax} bytes` }],
      'too-large',
    );
  }
  // YAML 1.1, as Kubernetes reads manifests (`defaultMode: 0644` is octal), but
  // timestamps stay strings: the model holds them as RFC 3339 text
  const documents = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: true,
    prettyErrors: false,
    customTags: withoutTimestamps,
  });
  if (!Array.isArray(documents)) return [];
  const objects: OrcaObject[] = [];
  documents.forEach((document, documentIndex) => {
    const [firstError] = document.errors;
    if (firstError !== undefined)
      throw new ManifestError(documentIndex, [{ path: '', message: `not valid YAML: ${firstError.message}` }]);
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    for (const object of decodeDocument(value, documentIndex)) {
      objects.push(object);
      if (objects.length > manifestObjectsMax)
        throw new ManifestError(
          documentIndex,
          [{ path: '', message: `more than ${manifestObjectsMax} objects` }],
          'too-large',
        );
    }
  });
  return objects;
}

/** One document: an object, or a List (`kind: List` or `kind: PodList`) whose items are objects. */
function decodeDocument(value: unknown, documentIndex: number): OrcaObject[] {
  if (!isPlainObject(value))
    throw new ManifestError(documentIndex, [
      { path: '', message: 'a document must be an object with apiVersion and kind' },
    ]);
  const kind = value['kind'];
  if (typeof kind === 'string' && kind.endsWith('List') && kindInfo(kind) === undefined) {
    const items = value['items'] ?? [];
    if (!Array.isArray(items)) throw new ManifestError(documentIndex, [{ path: 'items', message: 'must be a list' }]);
    return items.map((item: unknown, index) => decodeObject(item, { documentIndex, path: `items[${index}]` }));
  }
  return [decodeObject(value, { documentIndex, path: '' })];
}

export interface DecodeContext {
  readonly documentIndex: number;
  /** Where the object sits in its document ('' or `items[2]`), prefixed to every field path. */
  readonly path: string;
}

/** One Kubernetes-shaped JSON object (already parsed) as an Orca object. */
export function decodeObject(value: unknown, context: DecodeContext = { documentIndex: 0, path: '' }): OrcaObject {
  const { documentIndex, path } = context;
  if (!isPlainObject(value))
    throw new ManifestError(documentIndex, [{ path, message: 'must be an object with apiVersion and kind' }]);
  const info = resolveKind(value, context);
  const errors: FieldError[] = [];
  const source = info.kind === 'Secret' ? mergeStringData(value, path, errors) : value;
  const decoded = decodeMessage(source, info.messageName, path, errors);
  const subject = describeObject(info.kind, value);
  if (errors.length > 0) throw new ManifestError(documentIndex, errors, 'invalid-manifest', subject);
  const object = decoded as unknown as OrcaObject;
  const bytes = encodedBytes(encodeObject(object));
  if (bytes > objectBytesMax) {
    throw new ManifestError(
      documentIndex,
      [{ path, message: `object is ${bytes} bytes encoded, more than the ${objectBytesMax} allowed` }],
      'too-large',
      subject,
    );
  }
  return object;
}

function resolveKind(value: Json, context: DecodeContext): KindInfo {
  const { documentIndex, path } = context;
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  if (typeof apiVersion !== 'string' || apiVersion === '')
    throw new ManifestError(documentIndex, [{ path: joinPath(path, 'apiVersion'), message: 'required' }]);
  if (typeof kind !== 'string' || kind === '')
    throw new ManifestError(documentIndex, [{ path: joinPath(path, 'kind'), message: 'required' }]);
  const info = kindFor(apiVersion, kind);
  if (info !== undefined) return info;
  const known = kindInfo(kind);
  const message =
    known === undefined
      ? `unknown kind "${kind}" (apiVersion ${apiVersion})`
      : `kind ${kind} is served at apiVersion ${known.apiVersion}, not ${apiVersion}`;
  throw new ManifestError(
    documentIndex,
    [{ path: joinPath(path, known === undefined ? 'kind' : 'apiVersion'), message }],
    'unknown-kind',
  );
}

function describeObject(kind: string, value: Json): string {
  const metadata = value['metadata'];
  const name = isPlainObject(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : '';
  return name === '' ? kind : `${kind} ${name}`;
}

/** A Secret's stringData is write-only convenience: merged into data as base64, winning over data, as the API server does. */
function mergeStringData(value: Json, path: string, errors: FieldError[]): Json {
  const { stringData, ...rest } = value;
  if (stringData === undefined || stringData === null) return value;
  const stringDataPath = joinPath(path, 'stringData');
  if (!isPlainObject(stringData)) {
    errors.push({ path: stringDataPath, message: 'must be a map' });
    return rest;
  }
  const data: Record<string, unknown> = isPlainObject(rest['data']) ? { ...rest['data'] } : {};
  for (const [key, text] of Object.entries(stringData)) {
    if (typeof text !== 'string') {
      errors.push({ path: `${stringDataPath}.${key}`, message: 'must be a string' });
      continue;
    }
    data[key] = Buffer.from(text, 'utf8').toString('base64');
  }
  return { ...rest, data };
}

/** The Kubernetes-shaped JSON of an object: apiVersion and kind first, unset fields left out. */
export function encodeObject(object: OrcaObject): Json {
  const info = kindInfo(object.kind);
  if (info === undefined) throw new ApiError('unknown-kind', `unknown kind "${String(object.kind)}"`);
  return {
    apiVersion: info.apiVersion,
    kind: info.kind,
    ...encodeMessage(object, info.messageName, { kubernetes: true }),
  };
}

/** YAML: one document per object, separated by `---`; strings that YAML 1.1 would read as something else (timestamps, `yes`, `0644`) are quoted. */
export function toYaml(objects: readonly OrcaObject[]): string {
  return objects.map((object) => stringify(encodeObject(object), { version: '1.1', lineWidth: 0 })).join('---\n');
}

/** JSON: the object itself, or a `kind: List` when there are several (as kubectl writes them). */
export function toJson(objects: OrcaObject | readonly OrcaObject[]): string {
  if (!Array.isArray(objects)) return JSON.stringify(encodeObject(objects as OrcaObject), null, 2);
  const list = objects as readonly OrcaObject[];
  if (list.length === 1 && list[0] !== undefined) return JSON.stringify(encodeObject(list[0]), null, 2);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list.map(encodeObject) }, null, 2);
}
