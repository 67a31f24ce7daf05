/**
 * The seam through which other adapters serve on a master's HTTP port: the
 * Kubernetes REST API (src/kube) and the dashboard (src/ui) are HttpExtensions,
 * built by cmd/orca.ts and handed to startMaster, so that the master never
 * imports them. Each gets the master's HttpBackend — the one object core (the
 * only write path), the authenticator of HTTP requests, pod streams — and
 * answers the requests it owns.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { Metadata } from '@grpc/grpc-js';
import type { UserInfo } from '../auth/index.js';
import type { Logger } from '../log/index.js';
import type { AuthenticatedCall, Authenticator } from './authentication.js';
import type { RoutedCore } from './object-service.js';
import type { PodStreams } from './pod-proxy.js';

export interface HttpBackend {
  /** The one object core every adapter calls: reads here, writes through the leader (forwarded with the caller). */
  readonly core: RoutedCore;
  /** The caller of an HTTP request: its verified client certificate, else its bearer token; ObjectError `unauthenticated`. */
  authenticate(request: IncomingMessage): Promise<UserInfo>;
  /** Pods' logs and exec, relayed to their workers (authorized in the core). */
  readonly pods: PodStreams;
  /** The revision this replica has applied (watch bookmarks). */
  appliedIndex(): number;
  readonly bookmarkIntervalMs: number;
  /** False for an insecure master (plain HTTP, everyone the insecure superuser). */
  readonly secure: boolean;
  /** This master's name and gRPC address. */
  readonly masterName: string;
  readonly logger: Logger;
}

export interface HttpExtension {
  /** Answer the request and return true, or return false to leave it to the next extension (then 404). */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** A connection upgrade (WebSocket): take the socket and return true, or return false. */
  upgrade?(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** End long-lived requests (watches, streams): the master is stopping. */
  close(): Promise<void>;
}

export type HttpExtensionFactory = (backend: HttpBackend) => HttpExtension;

const identities = new WeakMap<object, AuthenticatedCall['getAuthContext']>();

/**
 * An HTTP request as the authenticator sees a gRPC call: its Authorization
 * header as metadata, and its client certificate only when TLS verified it
 * against the cluster CA (read once per connection: a TLS 1.3 peer keeps it).
 * Forwarded identities are gRPC-only (between masters): the header names are
 * not read here.
 */
export function httpCall(request: IncomingMessage): AuthenticatedCall {
  const metadata = new Metadata();
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') metadata.set('authorization', authorization);
  const socket = request.socket as Partial<TLSSocket>;
  let context = identities.get(socket);
  if (context === undefined) {
    const authorized = socket.authorized === true && typeof socket.getPeerCertificate === 'function';
    const certificate = authorized ? (socket as TLSSocket).getPeerCertificate(false) : undefined;
    const subject = certificate?.subject as unknown as Record<string, string | string[] | undefined> | undefined;
    context = () => (subject === undefined ? null : { sslPeerCertificate: { subject } });
    identities.set(socket, context);
  }
  return { metadata, getAuthContext: context };
}

/** Authenticate HTTP requests with the master's authenticator; a master's own certificate speaks only for itself. */
export function httpAuthenticate(authenticator: Authenticator): (request: IncomingMessage) => Promise<UserInfo> {
  return (request) => authenticator.authenticate(httpCall(request));
}
