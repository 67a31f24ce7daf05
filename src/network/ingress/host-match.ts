/**
 * Host names as the routing table keys them: lower case, no port, no trailing
 * dot. A wildcard rule `*.example.com` is keyed by its suffix `example.com` and
 * matches exactly one extra label, as networking.k8s.io/v1 specifies (nginx's
 * own `*.` would match several).
 */

/** The host part of a Host header (or SNI name), normalized; '' when absent. */
export function normalizeHost(header: string | undefined): string {
  if (header === undefined) return '';
  let host = header.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    host = end === -1 ? host : host.slice(0, end + 1);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) host = host.slice(0, colon);
  }
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** For `*.example.com` → `example.com`; undefined for a host that is not a wildcard. */
export function wildcardSuffix(ruleHost: string): string | undefined {
  return ruleHost.startsWith('*.') ? ruleHost.slice(2) : undefined;
}

/** The wildcard suffix a concrete host would match (`a.example.com` → `example.com`); undefined for a single label. */
export function suffixForLookup(host: string): string | undefined {
  const dot = host.indexOf('.');
  if (dot <= 0 || dot === host.length - 1) return undefined;
  return host.slice(dot + 1);
}

/**
 * Looks a host up in an exact map, then in a wildcard map keyed by suffix.
 * Both the routing table and the TLS table resolve hosts this way.
 */
export function lookupHost<T>(
  host: string,
  exact: ReadonlyMap<string, T>,
  wildcard: ReadonlyMap<string, T>,
): T | undefined {
  const found = exact.get(host);
  if (found !== undefined) return found;
  const suffix = suffixForLookup(host);
  return suffix === undefined ? undefined : wildcard.get(suffix);
}
