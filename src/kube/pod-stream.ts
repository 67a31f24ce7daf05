/**
 * `pods/exec`, `pods/attach` and `pods/portforward` over WebSocket: not served
 * yet — the upgrade is refused with 501, so kubectl says so instead of hanging.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpBackend } from '../master/index.js';

export function podStreamUpgrade(
  _backend: HttpBackend,
  _request: IncomingMessage,
  socket: Duplex,
  _head: Buffer,
  _target: { namespace: string; pod: string; subresource: 'exec' | 'attach' | 'portforward' },
): void {
  socket.end('HTTP/1.1 501 Not Implemented\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
}
