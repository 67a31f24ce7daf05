/**
 * Pure helpers for the names cluster DNS answers: normalisation, the dashed-IP
 * labels CoreDNS uses for pods and unnamed endpoints, and reverse names.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Lower case without the trailing dot: the form every lookup is done in. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** IPv6 as 8 groups of 4 hex digits, so that one address has one spelling (map keys). */
export function expandIpv6(ip: string): string {
  let text = ip.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (isIPv4(tail)) {
    const bytes = tail.split('.').map(Number);
    const high = (((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)).toString(16);
    const low = (((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)).toString(16);
    text = `${text.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...restGroups];
  return groups.map((group) => group.padStart(4, '0')).join(':');
}

/** The key an address is indexed by: IPv4 as is, IPv6 expanded; undefined when not an IP. */
export function ipKey(ip: string): string | undefined {
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) return expandIpv6(ip);
  return undefined;
}

/** CoreDNS's endpoint label for an address: `10-244-1-5`, or the IPv6 groups joined by dashes. */
export function dashedIp(ip: string): string {
  if (isIPv4(ip)) return ip.replaceAll('.', '-');
  return ip.toLowerCase().replaceAll(':', '-');
}

/** The address a dashed label stands for (`10-244-1-5` → `10.244.1.5`), or undefined. */
export function ipFromDashed(label: string): string | undefined {
  const v4 = label.replaceAll('-', '.');
  if (isIPv4(v4)) return v4;
  const v6 = label.replaceAll('-', ':');
  if (isIPv6(v6)) return v6;
  return undefined;
}

/**
 * The address of an `in-addr.arpa` or `ip6.arpa` name (normalised form), or
 * undefined when the name is not a full reverse name of one address.
 */
export function ipFromReverseName(name: string): string | undefined {
  if (name.endsWith('.in-addr.arpa')) {
    const labels = name.slice(0, -'.in-addr.arpa'.length).split('.');
    if (labels.length !== 4 || !labels.every((label) => /^(0|[1-9][0-9]{0,2})$/.test(label))) return undefined;
    const ip = labels.reverse().join('.');
    return isIPv4(ip) ? ip : undefined;
  }
  if (name.endsWith('.ip6.arpa')) {
    const nibbles = name.slice(0, -'.ip6.arpa'.length).split('.');
    if (nibbles.length !== 32 || !nibbles.every((nibble) => /^[0-9a-f]$/.test(nibble))) return undefined;
    const hex = nibbles.reverse().join('');
    const groups: string[] = [];
    for (let index = 0; index < 32; index += 4) groups.push(hex.slice(index, index + 4));
    return groups.join(':');
  }
  return undefined;
}

export function isReverseName(name: string): boolean {
  return name === 'in-addr.arpa' || name === 'ip6.arpa' || name.endsWith('.in-addr.arpa') || name.endsWith('.ip6.arpa');
}
