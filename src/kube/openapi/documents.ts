/**
 * The OpenAPI documents the REST API serves: `/openapi/v2` (one Swagger 2.0
 * document of everything), `/openapi/v3` (the index of group versions) and
 * `/openapi/v3/<group version>` (one OpenAPI 3.0 document per group version,
 * holding its paths and every definition they reach, as Kubernetes splits them).
 * They depend only on the protos and the tables of this folder, so each is built
 * once, on first use, and kept with its serialized JSON and a content hash:
 * kubectl caches a v3 document under the `?hash=` of its index entry, so a
 * document that changes must change its hash, and one that does not must keep it.
 */
import { createHash } from 'node:crypto';
import { kinds } from '../../api/index.js';
import { assert } from './assert.js';
import { orcaVersion } from '../../version.js';
import type { Json } from '../status.js';
import { protoDefinitions } from './definitions.js';
import { extraDefinitions } from './extra-definitions.js';
import { referencedNames, type Definition } from './model.js';
import { groupVersionOf, groupVersionPath, type GroupVersion } from './names.js';
import { pathDefinitions, pathItemJson, pathItems, type PathItem } from './paths.js';
import { definitionJson } from './render.js';

/** A document ready to serve: its body, the hash of the body, and the ETag made of it. */
export interface OpenApiDocument {
  readonly json: string;
  /** Upper-case hex SHA-256 of `json`: the `hash` query parameter of the v3 index. */
  readonly hash: string;
  /** The strong ETag: the hash in quotes. */
  readonly etag: string;
}

interface Catalog {
  readonly groupVersions: readonly GroupVersion[];
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly paths: readonly PathItem[];
}

function servedGroupVersions(): GroupVersion[] {
  const result: GroupVersion[] = [];
  for (const info of kinds) {
    const groupVersion = groupVersionOf(info);
    if (!result.some((entry) => entry.group === groupVersion.group && entry.version === groupVersion.version))
      result.push(groupVersion);
  }
  return result;
}

function buildCatalog(): Catalog {
  const groupVersions = servedGroupVersions();
  const definitions = new Map<string, Definition>();
  for (const definition of [...protoDefinitions(), ...extraDefinitions(groupVersions)]) {
    assert(!definitions.has(definition.name), `definition ${definition.name} is built twice`);
    definitions.set(definition.name, definition);
  }
  const paths = pathItems(groupVersions);
  const named = [
    ...[...definitions.values()].flatMap((definition) =>
      definition.properties.flatMap((prop) => referencedNames(prop.type)),
    ),
    ...paths.flatMap(pathDefinitions),
  ];
  for (const name of named) assert(definitions.has(name), `reference to ${name}, which no definition has`);
  return { groupVersions, definitions, paths };
}

/** The definitions `roots` reach through their properties, roots included, by name. */
function closure(definitions: ReadonlyMap<string, Definition>, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const definition = definitions.get(name);
    assert(definition !== undefined, `no definition ${name}`);
    for (const prop of definition.properties) queue.push(...referencedNames(prop.type));
  }
  return [...seen].sort();
}

function definitionJsonOf(catalog: Catalog, name: string, version: 'v2' | 'v3'): Json {
  const definition = catalog.definitions.get(name);
  assert(definition !== undefined, `no definition ${name}`);
  return definitionJson(definition, version);
}

function info(): Json {
  return { title: 'Orca', version: orcaVersion };
}

const bearer: Json = {
  BearerToken: { description: 'Bearer token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
};

function buildV2(catalog: Catalog): Json {
  const paths = [...catalog.paths].sort((left, right) => left.path.localeCompare(right.path));
  const names = [...catalog.definitions.keys()].sort();
  return {
    definitions: Object.fromEntries(names.map((name) => [name, definitionJsonOf(catalog, name, 'v2')])),
    info: info(),
    paths: Object.fromEntries(paths.map((item) => [item.path, pathItemJson(item, 'v2')])),
    security: [{ BearerToken: [] }],
    securityDefinitions: bearer,
    swagger: '2.0',
  };
}

function buildV3(catalog: Catalog, groupVersion: GroupVersion): Json {
  const paths = catalog.paths
    .filter(
      (item) => item.groupVersion.group === groupVersion.group && item.groupVersion.version === groupVersion.version,
    )
    .sort((left, right) => left.path.localeCompare(right.path));
  const names = closure(catalog.definitions, paths.flatMap(pathDefinitions));
  return {
    components: {
      schemas: Object.fromEntries(names.map((name) => [name, definitionJsonOf(catalog, name, 'v3')])),
      securitySchemes: bearer,
    },
    info: info(),
    openapi: '3.0.0',
    paths: Object.fromEntries(paths.map((item) => [item.path, pathItemJson(item, 'v3')])),
    security: [{ BearerToken: [] }],
  };
}

function serialize(document: Json): OpenApiDocument {
  const json = JSON.stringify(document);
  const hash = createHash('sha256').update(json).digest('hex').toUpperCase();
  return { json, hash, etag: `"${hash}"` };
}

/** Built documents are shared by every caller: frozen, so that no caller can change what the next one is served. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

interface Built {
  readonly document: Json;
  readonly serialized: OpenApiDocument;
}

interface Documents {
  readonly v2: Built;
  readonly v3: ReadonlyMap<string, Built>;
  readonly index: Built;
}

let documents: Documents | undefined;

function built(document: Json): Built {
  return { document: deepFreeze(document), serialized: serialize(document) };
}

function build(): Documents {
  const catalog = buildCatalog();
  const v3 = new Map<string, Built>();
  for (const groupVersion of catalog.groupVersions)
    v3.set(groupVersionPath(groupVersion), built(buildV3(catalog, groupVersion)));
  const index = {
    paths: Object.fromEntries(
      [...v3].map(([path, entry]) => [
        path,
        { serverRelativeURL: `/openapi/v3/${path}?hash=${entry.serialized.hash}` },
      ]),
    ),
  };
  return { v2: built(buildV2(catalog)), v3, index: built(index) };
}

function all(): Documents {
  documents ??= build();
  return documents;
}

/** The Swagger 2.0 document of every kind and path (`GET /openapi/v2`). Frozen. */
export function openApiV2(): Json {
  return all().v2.document;
}

export function openApiV2Document(): OpenApiDocument {
  return all().v2.serialized;
}

/** The `/openapi/v3` index: each group version's path and the URL of its document, with its hash. Frozen. */
export function openApiV3Index(): Json {
  return all().index.document;
}

export function openApiV3IndexDocument(): OpenApiDocument {
  return all().index.serialized;
}

/** The group versions with a v3 document, as the index names them: `api/v1`, `apis/apps/v1`. */
export function openApiV3GroupVersions(): readonly string[] {
  return [...all().v3.keys()];
}

/** The OpenAPI 3.0 document of one group version (`api/v1`, `apis/apps/v1`), or undefined for one Orca does not serve. Frozen. */
export function openApiV3(groupVersion: string): Json | undefined {
  return all().v3.get(groupVersion)?.document;
}

export function openApiV3Document(groupVersion: string): OpenApiDocument | undefined {
  return all().v3.get(groupVersion)?.serialized;
}
