// Validation of the non-workload kinds: Namespace, Node, Service, Endpoints,
// ConfigMap, Secret, ServiceAccount, Event, Lease, Ingress, PersistentVolume(Claim).
import {
  checkEnum,
  checkLabels,
  checkLabelSelector,
  checkMinimum,
  checkName,
  checkOptionalName,
  checkPort,
  checkPortOrName,
  checkQuantity,
  checkUnique,
  countSet,
  fail,
  isBlank,
  isCidr,
  isIpAddress,
  required,
  type Errors,
} from './field-checks.js';
import type {
  ConfigMap,
  Endpoints,
  Event,
  Ingress,
  IngressClass,
  Lease,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Secret,
  Service,
  ServiceAccount,
} from './model.js';
import { configKeyError, dnsSubdomainError, portNameError, qualifiedNameError } from './names.js';
import { protocols, validateNodeSelectorTerm } from './validate-pod.js';

const accessModes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const serviceTypes = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
export const nodePortMin = 30000;
export const nodePortMax = 32767;

export function validateNode(errors: Errors, object: Node): void {
  const spec = object.spec ?? {};
  if (!isBlank(spec.podCidr) && !isCidr(spec.podCidr))
    fail(errors, 'spec.podCIDR', `invalid value "${spec.podCidr}": must be a CIDR such as 10.244.1.0/24`);
  (spec.podCidrs ?? []).forEach((cidr, index) => {
    if (!isCidr(cidr)) fail(errors, `spec.podCIDRs[${index}]`, `invalid value "${cidr}": must be a CIDR`);
  });
  (spec.taints ?? []).forEach((taint, index) => {
    checkName(errors, `spec.taints[${index}].key`, taint.key, qualifiedNameError);
    checkEnum(errors, `spec.taints[${index}].effect`, taint.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], {
      required: true,
    });
  });
  checkUnique(
    errors,
    (spec.taints ?? []).map((taint, index) => ({
      path: `spec.taints[${index}]`,
      value: `${taint.key ?? ''}:${taint.effect ?? ''}`,
    })),
  );
  for (const list of ['capacity', 'allocatable'] as const) {
    for (const [name, value] of Object.entries(object.status?.[list] ?? {}))
      checkQuantity(errors, `status.${list}.${name}`, value);
  }
}

export function validateService(errors: Errors, object: Service): void {
  const spec = object.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  checkEnum(errors, 'spec.type', spec.type, serviceTypes);
  checkEnum(errors, 'spec.sessionAffinity', spec.sessionAffinity, ['None', 'ClientIP']);
  (spec.ipFamilies ?? []).forEach((family, index) =>
    checkEnum(errors, `spec.ipFamilies[${index}]`, family, ['IPv4', 'IPv6']),
  );
  checkEnum(errors, 'spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['SingleStack', 'PreferDualStack', 'RequireDualStack']);
  checkLabels(errors, 'spec.selector', spec.selector);
  const clusterIp = spec.clusterIp ?? '';
  if (clusterIp !== '' && clusterIp !== 'None' && !isIpAddress(clusterIp))
    fail(errors, 'spec.clusterIP', `invalid value "${clusterIp}": must be "None" or an IP address`);
  if (type === 'ExternalName') {
    checkName(errors, 'spec.externalName', spec.externalName, dnsSubdomainError);
    return;
  }
  const ports = spec.ports ?? [];
  if (ports.length === 0 && clusterIp !== 'None') fail(errors, 'spec.ports', 'required');
  ports.forEach((port, index) => {
    const portPath = `spec.ports[${index}]`;
    checkPort(errors, `${portPath}.port`, port.port);
    checkEnum(errors, `${portPath}.protocol`, port.protocol, protocols);
    if (port.targetPort !== undefined) checkPortOrName(errors, `${portPath}.targetPort`, port.targetPort);
    if (ports.length > 1) checkName(errors, `${portPath}.name`, port.name, portNameError);
    else checkOptionalName(errors, `${portPath}.name`, port.name, portNameError);
    validateNodePort(errors, `${portPath}.nodePort`, port.nodePort, type);
  });
  checkUnique(
    errors,
    ports.map((port, index) => ({ path: `spec.ports[${index}].name`, value: port.name })),
  );
  checkUnique(
    errors,
    ports.map((port, index) => ({
      path: `spec.ports[${index}]`,
      value: `${port.port ?? 0}/${port.protocol ?? 'TCP'}`,
    })),
  );
}

function validateNodePort(errors: Errors, path: string, nodePort: number | undefined, type: string): void {
  if (nodePort === undefined || nodePort === 0) return;
  if (type !== 'NodePort' && type !== 'LoadBalancer') fail(errors, path, `may not be used when type is ${type}`);
  else if (nodePort < nodePortMin || nodePort > nodePortMax)
    fail(
      errors,
      path,
      `invalid value ${nodePort}: provided port is not in the valid range ${nodePortMin}-${nodePortMax}`,
    );
}

export function validateEndpoints(errors: Errors, object: Endpoints): void {
  (object.subsets ?? []).forEach((subset, subsetIndex) => {
    const subsetPath = `subsets[${subsetIndex}]`;
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      (subset[list] ?? []).forEach((address, index) => {
        const addressPath = `${subsetPath}.${list}[${index}].ip`;
        if (required(errors, addressPath, address.ip) && !isIpAddress(address.ip))
          fail(errors, addressPath, `invalid value "${address.ip}": must be an IP address`);
      });
    }
    const ports = subset.ports ?? [];
    ports.forEach((port, index) => {
      checkPort(errors, `${subsetPath}.ports[${index}].port`, port.port);
      checkEnum(errors, `${subsetPath}.ports[${index}].protocol`, port.protocol, protocols);
      if (ports.length > 1) checkName(errors, `${subsetPath}.ports[${index}].name`, port.name, portNameError);
    });
    checkUnique(
      errors,
      ports.map((port, index) => ({ path: `${subsetPath}.ports[${index}].name`, value: port.name })),
    );
  });
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validateDataKeys(
  errors: Errors,
  path: string,
  data: Readonly<Record<string, string>> | undefined,
  options: { base64: boolean },
): void {
  for (const [key, value] of Object.entries(data ?? {})) {
    const problem = configKeyError(key);
    if (problem !== undefined) fail(errors, path, `invalid key "${key}": ${problem}`);
    if (options.base64 && !base64Pattern.test(value)) fail(errors, `${path}.${key}`, 'must be base64 encoded');
  }
}

export function validateConfigMap(errors: Errors, object: ConfigMap): void {
  validateDataKeys(errors, 'data', object.data, { base64: false });
  validateDataKeys(errors, 'binaryData', object.binaryData, { base64: true });
  for (const key of Object.keys(object.binaryData ?? {})) {
    if (Object.hasOwn(object.data ?? {}, key)) fail(errors, `binaryData.${key}`, 'duplicate of a key in data');
  }
}

export function validateSecret(errors: Errors, object: Secret): void {
  validateDataKeys(errors, 'data', object.data, { base64: true });
  validateDataKeys(errors, 'stringData', object.stringData, { base64: false });
  const type = object.type ?? '';
  const requiredKeys: Readonly<Record<string, readonly string[]>> = {
    'kubernetes.io/tls': ['tls.crt', 'tls.key'],
    'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
    'kubernetes.io/basic-auth': [],
  };
  for (const key of requiredKeys[type] ?? []) {
    const present = Object.hasOwn(object.data ?? {}, key) || Object.hasOwn(object.stringData ?? {}, key);
    if (!present) fail(errors, `data[${key}]`, `required for a Secret of type ${type}`);
  }
}

export function validateEvent(errors: Errors, object: Event): void {
  required(errors, 'involvedObject.kind', object.involvedObject?.kind);
  required(errors, 'involvedObject.name', object.involvedObject?.name);
  const namespace = object.involvedObject?.namespace ?? '';
  if (namespace !== '' && namespace !== (object.metadata?.namespace ?? ''))
    fail(errors, 'involvedObject.namespace', 'does not match event.namespace');
  checkEnum(errors, 'type', object.type, ['Normal', 'Warning']);
  checkMinimum(errors, 'count', object.count, 0);
  if ((object.reason ?? '').length > 128) fail(errors, 'reason', 'must be no more than 128 characters');
}

export function validateLease(errors: Errors, object: Lease): void {
  checkMinimum(errors, 'spec.leaseDurationSeconds', object.spec?.leaseDurationSeconds, 1);
  checkMinimum(errors, 'spec.leaseTransitions', object.spec?.leaseTransitions, 0);
}

type IngressBackend = NonNullable<NonNullable<Ingress['spec']>['defaultBackend']>;

function validateIngressBackend(errors: Errors, path: string, backend: IngressBackend | undefined): void {
  if (backend === undefined) {
    fail(errors, path, 'required');
    return;
  }
  if (backend.service === undefined) {
    fail(errors, `${path}.service`, 'required');
    return;
  }
  required(errors, `${path}.service.name`, backend.service.name);
  const port = backend.service.port;
  if (countSet(isBlank(port?.name) ? undefined : port?.name, port?.number === 0 ? undefined : port?.number) !== 1) {
    fail(errors, `${path}.service.port`, 'must specify exactly one of name or number');
  } else if (port?.number !== undefined && port.number !== 0)
    checkPort(errors, `${path}.service.port.number`, port.number);
}

export function validateIngress(errors: Errors, object: Ingress): void {
  const spec = object.spec ?? {};
  if (spec.defaultBackend !== undefined) validateIngressBackend(errors, 'spec.defaultBackend', spec.defaultBackend);
  if (spec.defaultBackend === undefined && (spec.rules ?? []).length === 0)
    fail(errors, 'spec', 'either defaultBackend or rules must be specified');
  const routed = new Map<string, string>();
  (spec.rules ?? []).forEach((rule, ruleIndex) => {
    const rulePath = `spec.rules[${ruleIndex}]`;
    (rule.http?.paths ?? []).forEach((entry, index) => {
      const key = `${(rule.host ?? '').toLowerCase()} ${entry.pathType ?? ''} ${entry.path || '/'}`;
      const first = routed.get(key);
      if (first !== undefined)
        fail(
          errors,
          `${rulePath}.http.paths[${index}].path`,
          `invalid value "${entry.path || '/'}": duplicate of ${first} (same host, path and pathType)`,
        );
      else routed.set(key, `${rulePath}.http.paths[${index}]`);
    });
    if (!isBlank(rule.host)) {
      if (isIpAddress(rule.host))
        fail(errors, `${rulePath}.host`, `invalid value "${rule.host}": must be a DNS name, not an IP address`);
      else checkName(errors, `${rulePath}.host`, rule.host.replace(/^\*\./, ''), dnsSubdomainError);
    }
    const paths = rule.http?.paths ?? [];
    if (rule.http !== undefined && paths.length === 0) fail(errors, `${rulePath}.http.paths`, 'required');
    paths.forEach((entry, index) => {
      const entryPath = `${rulePath}.http.paths[${index}]`;
      checkEnum(errors, `${entryPath}.pathType`, entry.pathType, ['Exact', 'Prefix', 'ImplementationSpecific'], {
        required: true,
      });
      if (entry.pathType !== 'ImplementationSpecific' && !(entry.path ?? '').startsWith('/'))
        fail(errors, `${entryPath}.path`, 'must be an absolute path');
      validateIngressBackend(errors, `${entryPath}.backend`, entry.backend);
    });
  });
  (spec.tls ?? []).forEach((tls, index) =>
    (tls.hosts ?? []).forEach((host, hostIndex) =>
      checkName(errors, `spec.tls[${index}].hosts[${hostIndex}]`, host.replace(/^\*\./, ''), dnsSubdomainError),
    ),
  );
}

/** ServiceAccount: the Secrets it lists and pulls images with are named; it carries nothing else to check. */
export function validateServiceAccount(errors: Errors, object: ServiceAccount): void {
  (object.secrets ?? []).forEach((secret, index) =>
    checkName(errors, `secrets[${index}].name`, secret.name, dnsSubdomainError),
  );
  (object.imagePullSecrets ?? []).forEach((secret, index) =>
    checkName(errors, `imagePullSecrets[${index}].name`, secret.name, dnsSubdomainError),
  );
}

/** IngressClass: the controller is a domain-prefixed path (Kubernetes: at most 250 characters, immutable). */
export function validateIngressClass(errors: Errors, object: IngressClass): void {
  const controller = object.spec?.controller ?? '';
  if (controller === '') fail(errors, 'spec.controller', 'required');
  else if (controller.length > 250) fail(errors, 'spec.controller', 'must be no more than 250 characters');
  else if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]+$/.test(controller)) {
    fail(
      errors,
      'spec.controller',
      `invalid value "${controller}": must be a domain-prefixed path (such as "acme.io/ingress-controller")`,
    );
  }
}

function validateAccessModes(errors: Errors, path: string, modes: readonly string[] | undefined): void {
  if ((modes ?? []).length === 0) fail(errors, path, 'at least 1 access mode is required');
  (modes ?? []).forEach((mode, index) => checkEnum(errors, `${path}[${index}]`, mode, accessModes));
}

export function validatePersistentVolume(errors: Errors, object: PersistentVolume): void {
  const spec = object.spec ?? {};
  checkQuantity(errors, 'spec.capacity.storage', spec.capacity?.['storage']);
  validateAccessModes(errors, 'spec.accessModes', spec.accessModes);
  if (countSet(spec.hostPath, spec.local) !== 1)
    fail(errors, 'spec', 'must specify exactly one volume source (hostPath, local)');
  if (spec.hostPath !== undefined) required(errors, 'spec.hostPath.path', spec.hostPath.path);
  if (spec.local !== undefined) required(errors, 'spec.local.path', spec.local.path);
  checkEnum(errors, 'spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, [
    'Retain',
    'Delete',
    'Recycle',
  ]);
  checkOptionalName(errors, 'spec.storageClassName', spec.storageClassName, dnsSubdomainError);
  checkEnum(errors, 'spec.volumeMode', spec.volumeMode, ['Filesystem', 'Block']);
  (spec.nodeAffinity?.required?.nodeSelectorTerms ?? []).forEach((term, index) =>
    validateNodeSelectorTerm(errors, `spec.nodeAffinity.required.nodeSelectorTerms[${index}]`, term),
  );
}

export function validatePersistentVolumeClaimSpec(
  errors: Errors,
  path: string,
  spec: PersistentVolumeClaim['spec'],
): void {
  if (spec === undefined) {
    fail(errors, path, 'required');
    return;
  }
  validateAccessModes(errors, `${path}.accessModes`, spec.accessModes);
  checkQuantity(errors, `${path}.resources.requests.storage`, spec.resources?.requests?.['storage']);
  checkLabelSelector(errors, `${path}.selector`, spec.selector);
  checkOptionalName(errors, `${path}.storageClassName`, spec.storageClassName, dnsSubdomainError);
  checkEnum(errors, `${path}.volumeMode`, spec.volumeMode, ['Filesystem', 'Block']);
}

export function validatePersistentVolumeClaim(errors: Errors, object: PersistentVolumeClaim): void {
  validatePersistentVolumeClaimSpec(errors, 'spec', object.spec);
}
