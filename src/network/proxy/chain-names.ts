/**
 * Stable names for the per-service objects in the table. As kube-proxy does, a
 * name is a kind prefix, a short hash of the full identity and a readable tail
 * (`service-K3XQ2M7A-default/web/tcp/http`): the hash keeps names unique when
 * the tail has to be cut, the tail lets a human read `nft list table`.
 * The same inputs always give the same name, so an incremental sync can tell
 * "same chain, new rules" from "new chain".
 */
import { createHash } from 'node:crypto';

/** nft object names may be 255 bytes; stay well below so prefixes always fit. */
export const objectNameMax = 200;

export type ServiceChainKind = 'service' | 'local' | 'external';

/** One port of one Service: what every per-service object is named after. */
export interface ServicePortId {
  readonly namespace: string;
  readonly name: string;
  /** tcp, udp or sctp. */
  readonly protocol: string;
  /** The Service port's name, or `p<port>` when it has none. */
  readonly portName: string;
}

export function servicePortText(id: ServicePortId): string {
  return `${id.namespace}/${id.name}/${id.protocol}/${id.portName}`;
}

export function serviceChainName(kind: ServiceChainKind, id: ServicePortId): string {
  return objectName(kind, servicePortText(id));
}

/** The timeout is part of the identity, so changing it makes a new set rather than altering one in place. */
export function affinitySetName(id: ServicePortId, ip: string, port: number, timeoutSeconds: number): string {
  return objectName('affinity', endpointText(id, ip, port), `#${timeoutSeconds}`);
}

function endpointText(id: ServicePortId, ip: string, port: number): string {
  return `${servicePortText(id)}__${ip}/${port}`;
}

function objectName(prefix: string, identity: string, hashOnly = ''): string {
  const hash = base32Hash(identity + hashOnly);
  const tail = readable(identity);
  const name = `${prefix}-${hash}-${tail}`;
  return name.length <= objectNameMax ? name : name.slice(0, objectNameMax);
}

/** Characters nft accepts in an unquoted name; anything else becomes `_`. */
function readable(text: string): string {
  return text.replace(/[^A-Za-z0-9/._-]/g, '_');
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 8 base32 characters (40 bits) of SHA-256, as kube-proxy uses. */
function base32Hash(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 8) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 8) break;
  }
  return out;
}
