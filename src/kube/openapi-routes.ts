/**
 * `/openapi/v2` and `/openapi/v3[/{api/v1 | apis/group/version}]`: the
 * documents of src/kube/openapi (generated from the schema the validator
 * uses), with ETags so kubectl's cache revalidates instead of downloading.
 */
import type { ServerResponse } from 'node:http';
import type { UserInfo } from '../auth/index.js';
import { parseAccept } from './http-io.js';

function acceptsJson(header: string | undefined): boolean {
  return parseAccept(header).json;
}
import { openApiV2Document, openApiV3Document, openApiV3IndexDocument } from './openapi/index.js';
import { KubeError } from './status.js';

function sendText(
  response: ServerResponse,
  text: { json: string; etag: string } | undefined,
  ifNoneMatch: string | undefined,
): void {
  if (text === undefined)
    throw new KubeError(404, 'NotFound', 'the server could not find the requested OpenAPI document');
  if (ifNoneMatch !== undefined && ifNoneMatch === text.etag) {
    response.writeHead(304, { ETag: text.etag });
    response.end();
    return;
  }
  response.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text.json),
    ETag: text.etag,
    'Cache-Control': 'no-cache, private',
  });
  response.end(response.req.method === 'HEAD' ? undefined : text.json);
}

/** Every authenticated caller may read the documents (system:discovery in Kubernetes). */
export function openApi(response: ServerResponse, segments: readonly string[], _url: URL, _caller: UserInfo): void {
  const ifNoneMatch = response.req.headers['if-none-match'];
  if (segments[0] === 'v2' && segments.length === 1) {
    // client-go asks for v2 as protobuf only; the document is served as JSON, to those who accept it.
    if (!acceptsJson(response.req.headers.accept))
      throw new KubeError(406, 'NotAcceptable', 'the OpenAPI v2 document is served as application/json only');
    sendText(response, openApiV2Document(), ifNoneMatch);
    return;
  }
  if (segments[0] === 'v3') {
    sendText(
      response,
      segments.length === 1 ? openApiV3IndexDocument() : openApiV3Document(segments.slice(1).join('/')),
      ifNoneMatch,
    );
    return;
  }
  throw new KubeError(404, 'NotFound', 'the server could not find the requested OpenAPI document');
}
