/**
 * Reading requests and writing answers: bodies bounded (kube-apiserver's 3 MiB),
 * JSON parsed with a clear error, every answer with its content type, and
 * `Accept` read the way kubectl writes it (Table first, then plain JSON).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import {
  decodeKubernetesProtobuf,
  isKubernetesProtobuf,
  isKubernetesProtobufError,
  type ProtobufErrorCode,
} from './protobuf/index.js';
import { KubeError, statusOf, type Json, type StatusSubject } from './status.js';

export const requestBodyBytesMax = 3 * 1024 * 1024;

export function readBody(request: IncomingMessage, limit = requestBodyBytesMax): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new KubeError(413, 'RequestEntityTooLarge', `the request body is larger than ${limit} bytes`));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      if (!failed) reject(new KubeError(400, 'BadRequest', `the request body could not be read: ${error.message}`));
    });
  });
}

export function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const protobufCodes: Readonly<
  Record<ProtobufErrorCode, { http: number; reason: 'BadRequest' | 'RequestEntityTooLarge' | 'UnsupportedMediaType' }>
> = {
  'too-large': { http: 413, reason: 'RequestEntityTooLarge' },
  'unsupported-kind': { http: 415, reason: 'UnsupportedMediaType' },
  'unsupported-encoding': { http: 415, reason: 'UnsupportedMediaType' },
  'not-protobuf': { http: 400, reason: 'BadRequest' },
  malformed: { http: 400, reason: 'BadRequest' },
  'too-deep': { http: 400, reason: 'BadRequest' },
  'out-of-range': { http: 400, reason: 'BadRequest' },
};

/**
 * An object body: JSON, YAML (apply patches, YAML bodies), or Kubernetes
 * protobuf — what kubectl's typed clients send (`kubectl create`, reviews,
 * DeleteOptions) — decoded to the same JSON.
 */
export function parseObjectBody(body: Buffer, contentType: string): Json {
  if (isKubernetesProtobuf(contentType)) {
    try {
      return decodeKubernetesProtobuf(body);
    } catch (error: unknown) {
      if (!isKubernetesProtobufError(error)) throw error;
      const { http, reason } = protobufCodes[error.code];
      throw new KubeError(http, reason, `the protobuf body could not be decoded: ${error.message}`);
    }
  }
  const text = body.toString('utf8');
  if (text.trim() === '') throw new KubeError(400, 'BadRequest', 'the request body is empty: an object is required');
  let value: unknown;
  try {
    value = /yaml/i.test(contentType) ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (error: unknown) {
    throw new KubeError(
      400,
      'BadRequest',
      `the request body is not valid ${/yaml/i.test(contentType) ? 'YAML' : 'JSON'}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isPlainObject(value)) throw new KubeError(400, 'BadRequest', 'the request body must be a JSON object');
  return value;
}

export function sendJson(
  response: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) {
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  response.end(response.req.method === 'HEAD' ? undefined : text);
}

export function sendError(response: ServerResponse, error: unknown, subject: StatusSubject = {}): void {
  const { code, body } = statusOf(error, subject);
  sendJson(response, code, body);
}

/** What an `Accept` header asks for. */
export interface Accepted {
  /** meta.k8s.io Table (v1 or v1beta1). */
  readonly table: 'v1' | 'v1beta1' | undefined;
  /** apidiscovery.k8s.io APIGroupDiscoveryList. */
  readonly aggregated: 'v2' | 'v2beta1' | undefined;
  /** Plain JSON is acceptable (listed, a wildcard, or no header). */
  readonly json: boolean;
}

export function parseAccept(header: string | undefined): Accepted {
  if (header === undefined || header.trim() === '') return { table: undefined, aggregated: undefined, json: true };
  let table: Accepted['table'];
  let aggregated: Accepted['aggregated'];
  let json = false;
  for (const part of header.split(',')) {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const params = new Map(
      parameters.map((piece) => {
        const equals = piece.indexOf('=');
        return [piece.slice(0, equals).trim(), piece.slice(equals + 1).trim()] as const;
      }),
    );
    const mediaType = type.toLowerCase();
    if (mediaType !== 'application/json' && mediaType !== '*/*' && mediaType !== 'application/*') continue;
    const as = params.get('as');
    if (as === 'Table' && params.get('g') === 'meta.k8s.io') {
      const version = params.get('v');
      if (table === undefined && (version === 'v1' || version === 'v1beta1')) table = version;
      continue;
    }
    if (as === 'APIGroupDiscoveryList' && params.get('g') === 'apidiscovery.k8s.io') {
      const version = params.get('v');
      if (aggregated === undefined && (version === 'v2' || version === 'v2beta1')) aggregated = version;
      continue;
    }
    if (as === undefined) json = true;
  }
  return { table, aggregated, json };
}
