// The name rules of Kubernetes, as pure predicates that return the reason a
// value breaks them (undefined when it does not), for validators to attach to a
// field path.

export const dnsLabelLengthMax = 63;
export const dnsSubdomainLengthMax = 253;
export const labelValueLengthMax = 63;
export const qualifiedNameLengthMax = 63;

const dnsLabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePattern = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ianaServiceNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function dnsLabelError(value: string): string | undefined {
  if (value.length > dnsLabelLengthMax) return `must be no more than ${dnsLabelLengthMax} characters`;
  if (!dnsLabelPattern.test(value))
    return 'a DNS-1123 label must consist of lower case alphanumeric characters or "-", and must start and end with an alphanumeric character';
  return undefined;
}

/** Service names must also start with a letter (DNS-1035), because they become DNS names under the cluster domain. */
export function dns1035LabelError(value: string): string | undefined {
  if (value.length > dnsLabelLengthMax) return `must be no more than ${dnsLabelLengthMax} characters`;
  if (!dns1035LabelPattern.test(value))
    return 'a DNS-1035 label must consist of lower case alphanumeric characters or "-", start with a letter, and end with an alphanumeric character';
  return undefined;
}

export function dnsSubdomainError(value: string): string | undefined {
  if (value.length > dnsSubdomainLengthMax) return `must be no more than ${dnsSubdomainLengthMax} characters`;
  if (!dnsSubdomainPattern.test(value))
    return 'a DNS-1123 subdomain must consist of lower case alphanumeric characters, "-" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

/** Label and annotation keys: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
export function qualifiedNameError(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return 'a qualified name must be "name" or "prefix/name"';
  const name = parts.length === 2 ? (parts[1] ?? '') : value;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') return 'prefix part must be non-empty';
    const prefixError = dnsSubdomainError(prefix);
    if (prefixError !== undefined) return `prefix part ${prefixError}`;
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > qualifiedNameLengthMax)
    return `name part must be no more than ${qualifiedNameLengthMax} characters`;
  if (!qualifiedNamePattern.test(name))
    return 'name part must consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

export function labelValueError(value: string): string | undefined {
  if (value.length > labelValueLengthMax) return `must be no more than ${labelValueLengthMax} characters`;
  if (value !== '' && !qualifiedNamePattern.test(value))
    return 'a label value must be empty or consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

/** Port names: at most 15 characters, at least one letter, no "--". */
export function portNameError(value: string): string | undefined {
  if (value.length > 15) return 'must be no more than 15 characters';
  if (!ianaServiceNamePattern.test(value))
    return 'must contain only lower case alphanumeric characters or "-", and start and end with an alphanumeric character';
  if (value.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  return undefined;
}

/** ConfigMap and Secret keys. */
export function configKeyError(value: string): string | undefined {
  if (value.length === 0 || value.length > dnsSubdomainLengthMax)
    return `must be 1 to ${dnsSubdomainLengthMax} characters`;
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) return 'must consist of alphanumeric characters, "-", "_" or "."';
  if (value === '.' || value === '..') return 'must not be "." or ".."';
  return undefined;
}

/**
 * Names of Roles, ClusterRoles and their bindings (Kubernetes' ValidateRBACName):
 * any path segment, so `system:controller:job-controller` is a name. Kubernetes
 * sets no length limit; Orca keeps the subdomain one.
 */
export function pathSegmentNameError(value: string): string | undefined {
  if (value.length > dnsSubdomainLengthMax) return `must be no more than ${dnsSubdomainLengthMax} characters`;
  if (value === '.' || value === '..') return 'may not be "." or ".."';
  if (value.includes('/')) return 'may not contain "/"';
  if (value.includes('%')) return 'may not contain "%"';
  return undefined;
}
