/**
 * Header rewriting between client and backend: hop-by-hop headers stay on
 * their own connection (RFC 9110 §7.6.1), the Host header is kept, and the
 * X-Forwarded-* / X-Real-IP set ingress-nginx sends is written (the client's
 * own values of those are replaced, except X-Forwarded-For which is appended
 * to). Headers travel as Node's flat raw arrays ([name, value, …]): that skips
 * the lazy parsing of `message.headers` and the per-header validation of
 * object headers, which showed in profiles of the hot path.
 */
import type { IncomingMessage } from 'node:http';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const replaced = new Set(['x-forwarded-for', 'x-real-ip', 'x-forwarded-proto', 'x-forwarded-host']);
/**
 * Handled by this hop: Node's server already answered `100 Continue` to the
 * client (undici refuses to send the header), and the upstream client frames
 * the body itself (chunked when there is no Content-Length).
 */
const consumed = new Set(['expect']);

/** The client address as a plain IP (IPv4-mapped IPv6 addresses unwrapped). */
export function clientAddress(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The first value of a header in a raw header array ('' when absent). */
export function rawHeader(raw: readonly string[], lowerName: string): string {
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if ((raw[index] ?? '').toLowerCase() === lowerName) return raw[index + 1] ?? '';
  }
  return '';
}

/** Names listed in Connection (besides keep-alive/close) are hop-by-hop too. */
function connectionNamed(raw: readonly string[]): Set<string> | undefined {
  return connectionTokens(rawHeader(raw, 'connection'));
}

function connectionTokens(value: string): Set<string> | undefined {
  const connection = value.toLowerCase();
  if (connection === '' || connection === 'keep-alive' || connection === 'close' || connection === 'upgrade')
    return undefined;
  return new Set(connection.split(',').map((token) => token.trim()));
}

export interface ForwardedContext {
  readonly proto: 'http' | 'https';
  /** Keep Connection/Upgrade: the request is a protocol upgrade (WebSocket). */
  readonly upgrade: boolean;
}

export interface UpstreamHead {
  /** Flat raw headers for the backend request. */
  readonly headers: string[];
  /** No body follows (no Content-Length above 0, no Transfer-Encoding). */
  readonly bodyless: boolean;
}

/** The headers sent to the backend for a client request. */
export function upstreamRequestHeaders(request: IncomingMessage, context: ForwardedContext): UpstreamHead {
  const raw = request.rawHeaders;
  const named = connectionNamed(raw);
  const headers: string[] = [];
  let forwardedFor = '';
  let host = '';
  let upgrade = '';
  let bodyless = true;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? '';
    const value = raw[index + 1] ?? '';
    const lower = name.toLowerCase();
    if (lower === 'host') host = value;
    else if (lower === 'content-length') bodyless &&= value === '0';
    else if (lower === 'transfer-encoding') bodyless = false;
    else if (lower === 'upgrade') upgrade = value;
    else if (lower === 'x-forwarded-for') forwardedFor = forwardedFor === '' ? value : `${forwardedFor}, ${value}`;
    if (hopByHop.has(lower) || replaced.has(lower) || consumed.has(lower) || named?.has(lower) === true) continue;
    headers.push(name, value);
  }
  const client = clientAddress(request);
  headers.push(
    'X-Forwarded-For',
    forwardedFor === '' ? client : `${forwardedFor}, ${client}`,
    'X-Real-IP',
    client,
    'X-Forwarded-Proto',
    context.proto,
    'X-Forwarded-Host',
    host,
  );
  if (context.upgrade) headers.push('Connection', 'upgrade', 'Upgrade', upgrade);
  return { headers, bodyless };
}

/** The headers sent to the client for a backend response (flat raw array). */
export function downstreamResponseHeaders(response: IncomingMessage): string[] {
  const raw = response.rawHeaders;
  const named = connectionNamed(raw);
  const headers: string[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] ?? '';
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || named?.has(lower) === true) continue;
    headers.push(name, raw[index + 1] ?? '');
  }
  return headers;
}

/**
 * The headers sent to the client for a backend response as undici reports it
 * (flat array of Buffers). One pass; a second one only when the backend's
 * Connection header names further hop-by-hop headers (rare).
 */
export function downstreamRawHeaders(raw: readonly Buffer[]): string[] {
  const headers: string[] = [];
  let named: Set<string> | undefined;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]?.toString('latin1') ?? '';
    const lower = name.toLowerCase();
    if (hopByHop.has(lower)) {
      if (lower === 'connection') named = connectionTokens(raw[index + 1]?.toString('latin1') ?? '');
      continue;
    }
    headers.push(name, raw[index + 1]?.toString('latin1') ?? '');
  }
  return named === undefined ? headers : withoutNamed(headers, named);
}

/** Drops the headers a Connection header named from a flat array, in place. */
function withoutNamed(headers: string[], named: ReadonlySet<string>): string[] {
  let kept = 0;
  for (let index = 0; index + 1 < headers.length; index += 2) {
    const name = headers[index] ?? '';
    if (named.has(name.toLowerCase())) continue;
    headers[kept] = name;
    headers[kept + 1] = headers[index + 1] ?? '';
    kept += 2;
  }
  headers.length = kept;
  return headers;
}

/** A raw HTTP/1.1 response head from flat headers, for answering on a socket taken over by an upgrade. */
export function rawResponseHead(
  statusCode: number,
  statusMessage: string,
  headers: readonly (string | number)[],
): string {
  let head = `HTTP/1.1 ${statusCode} ${statusMessage}\r\n`;
  for (let index = 0; index + 1 < headers.length; index += 2)
    head += `${String(headers[index])}: ${String(headers[index + 1])}\r\n`;
  return `${head}\r\n`;
}
