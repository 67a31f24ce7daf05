// Validation of a pod spec (in a Pod and in every workload's template): the
// containers, their ports, environment, resources, probes and mounts, the
// volumes, and the scheduling constraints.
import {
  checkEnum,
  checkLabels,
  checkLabelSelector,
  checkMinimum,
  checkName,
  checkOperatorValues,
  checkOptionalName,
  checkPort,
  checkPortOrName,
  checkQuantity,
  checkUnique,
  countSet,
  fail,
  isBlank,
  required,
  type Errors,
} from './field-checks.js';
import type { Container, PodSpec } from './model.js';
import { dnsLabelError, dnsSubdomainError, portNameError, qualifiedNameError } from './names.js';
import { compareQuantities, isQuantity, parseQuantity } from './quantity.js';

type Volume = NonNullable<PodSpec['volumes']>[number];
type Probe = NonNullable<Container['livenessProbe']>;
type Handler = NonNullable<NonNullable<Container['lifecycle']>['preStop']>;

export const restartPolicies = ['Always', 'OnFailure', 'Never'] as const;
export const pullPolicies = ['Always', 'IfNotPresent', 'Never'] as const;
export const protocols = ['TCP', 'UDP', 'SCTP'] as const;
const dnsPolicies = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const nodeOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const seccompTypes = ['RuntimeDefault', 'Unconfined', 'Localhost'];
const envNamePattern = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export interface PodSpecOptions {
  /** Volumes that exist without being listed: a StatefulSet's claim templates. */
  readonly extraVolumeNames?: readonly string[];
}

export function validatePodSpec(
  errors: Errors,
  path: string,
  spec: PodSpec | undefined,
  options: PodSpecOptions = {},
): void {
  if (spec === undefined) {
    fail(errors, path, 'required');
    return;
  }
  const volumeNames = validateVolumes(errors, `${path}.volumes`, spec.volumes ?? []);
  for (const name of options.extraVolumeNames ?? []) volumeNames.add(name);
  const containers = spec.containers ?? [];
  if (containers.length === 0) fail(errors, `${path}.containers`, 'required');
  const context = { volumeNames, hostNetwork: spec.hostNetwork === true };
  (spec.initContainers ?? []).forEach((container, index) =>
    validateContainer(errors, `${path}.initContainers[${index}]`, container, { ...context, init: true }),
  );
  containers.forEach((container, index) =>
    validateContainer(errors, `${path}.containers[${index}]`, container, { ...context, init: false }),
  );
  checkUnique(errors, [
    ...(spec.initContainers ?? []).map((container, index) => ({
      path: `${path}.initContainers[${index}].name`,
      value: container.name,
    })),
    ...containers.map((container, index) => ({ path: `${path}.containers[${index}].name`, value: container.name })),
  ]);
  validatePodFields(errors, path, spec);
}

function validatePodFields(errors: Errors, path: string, spec: PodSpec): void {
  checkEnum(errors, `${path}.restartPolicy`, spec.restartPolicy, restartPolicies);
  checkEnum(errors, `${path}.dnsPolicy`, spec.dnsPolicy, dnsPolicies);
  checkMinimum(errors, `${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 0);
  checkMinimum(errors, `${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, 1);
  checkLabels(errors, `${path}.nodeSelector`, spec.nodeSelector);
  checkOptionalName(errors, `${path}.serviceAccountName`, spec.serviceAccountName, dnsSubdomainError);
  checkOptionalName(errors, `${path}.nodeName`, spec.nodeName, dnsSubdomainError);
  checkOptionalName(errors, `${path}.hostname`, spec.hostname, dnsLabelError);
  checkOptionalName(errors, `${path}.subdomain`, spec.subdomain, dnsLabelError);
  (spec.imagePullSecrets ?? []).forEach((secret, index) =>
    required(errors, `${path}.imagePullSecrets[${index}].name`, secret.name),
  );
  (spec.tolerations ?? []).forEach((toleration, index) =>
    validateToleration(errors, `${path}.tolerations[${index}]`, toleration),
  );
  validateAffinity(errors, `${path}.affinity`, spec.affinity);
  validateSpreadConstraints(errors, `${path}.topologySpreadConstraints`, spec.topologySpreadConstraints ?? []);
  checkEnum(
    errors,
    `${path}.securityContext.seccompProfile.type`,
    spec.securityContext?.seccompProfile?.type,
    seccompTypes,
  );
  checkEnum(errors, `${path}.preemptionPolicy`, spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']);
  checkEnum(errors, `${path}.os.name`, spec.os?.name, ['linux', 'windows']);
  (spec.hostAliases ?? []).forEach((alias, index) => required(errors, `${path}.hostAliases[${index}].ip`, alias.ip));
}

function validateSpreadConstraints(
  errors: Errors,
  path: string,
  constraints: NonNullable<PodSpec['topologySpreadConstraints']>,
): void {
  constraints.forEach((constraint, index) => {
    const constraintPath = `${path}[${index}]`;
    checkMinimum(errors, `${constraintPath}.maxSkew`, constraint.maxSkew ?? 0, 1);
    checkName(errors, `${constraintPath}.topologyKey`, constraint.topologyKey, qualifiedNameError);
    checkEnum(
      errors,
      `${constraintPath}.whenUnsatisfiable`,
      constraint.whenUnsatisfiable,
      ['DoNotSchedule', 'ScheduleAnyway'],
      { required: true },
    );
    checkMinimum(errors, `${constraintPath}.minDomains`, constraint.minDomains, 1);
    checkLabelSelector(errors, `${constraintPath}.labelSelector`, constraint.labelSelector);
  });
}

function validateVolumes(errors: Errors, path: string, volumes: readonly Volume[]): Set<string> {
  volumes.forEach((volume, index) => validateVolume(errors, `${path}[${index}]`, volume));
  checkUnique(
    errors,
    volumes.map((volume, index) => ({ path: `${path}[${index}].name`, value: volume.name })),
  );
  return new Set(volumes.map((volume) => volume.name ?? ''));
}

function validateVolume(errors: Errors, path: string, volume: Volume): void {
  checkName(errors, `${path}.name`, volume.name, dnsLabelError);
  const sources = countSet(
    volume.emptyDir,
    volume.hostPath,
    volume.configMap,
    volume.secret,
    volume.persistentVolumeClaim,
    volume.downwardApi,
  );
  if (sources !== 1)
    fail(
      errors,
      path,
      `must specify exactly one volume source (emptyDir, hostPath, configMap, secret, persistentVolumeClaim, downwardAPI), not ${sources}`,
    );
  if (volume.emptyDir?.sizeLimit !== undefined)
    checkQuantity(errors, `${path}.emptyDir.sizeLimit`, volume.emptyDir.sizeLimit);
  checkEnum(errors, `${path}.emptyDir.medium`, volume.emptyDir?.medium, ['Memory']);
  if (volume.hostPath !== undefined) required(errors, `${path}.hostPath.path`, volume.hostPath.path);
  if (volume.configMap !== undefined) {
    required(errors, `${path}.configMap.name`, volume.configMap.name);
    validateItems(errors, `${path}.configMap`, volume.configMap);
  }
  if (volume.secret !== undefined) {
    required(errors, `${path}.secret.secretName`, volume.secret.secretName);
    validateItems(errors, `${path}.secret`, volume.secret);
  }
  if (volume.persistentVolumeClaim !== undefined)
    required(errors, `${path}.persistentVolumeClaim.claimName`, volume.persistentVolumeClaim.claimName);
  if (volume.downwardApi !== undefined) validateDownwardApi(errors, `${path}.downwardAPI`, volume.downwardApi);
}

function validateDownwardApi(errors: Errors, path: string, source: NonNullable<Volume['downwardApi']>): void {
  checkFileMode(errors, `${path}.defaultMode`, source.defaultMode);
  (source.items ?? []).forEach((item, index) => {
    const itemPath = `${path}.items[${index}]`;
    if (
      required(errors, `${itemPath}.path`, item.path) &&
      (item.path.startsWith('/') || item.path.split('/').includes('..'))
    ) {
      fail(errors, `${itemPath}.path`, `invalid value "${item.path}": must be a relative path without ".."`);
    }
    if (countSet(item.fieldRef, item.resourceFieldRef) !== 1)
      fail(errors, itemPath, 'must specify exactly one of fieldRef, resourceFieldRef');
    checkFileMode(errors, `${itemPath}.mode`, item.mode);
  });
}

function validateItems(
  errors: Errors,
  path: string,
  source: { items?: { key?: string; path?: string; mode?: number }[]; defaultMode?: number },
): void {
  checkFileMode(errors, `${path}.defaultMode`, source.defaultMode);
  (source.items ?? []).forEach((item, index) => {
    const itemPath = `${path}.items[${index}]`;
    required(errors, `${itemPath}.key`, item.key);
    if (
      required(errors, `${itemPath}.path`, item.path) &&
      (item.path.startsWith('/') || item.path.split('/').includes('..'))
    ) {
      fail(errors, `${itemPath}.path`, `invalid value "${item.path}": must be a relative path without ".."`);
    }
    checkFileMode(errors, `${itemPath}.mode`, item.mode);
  });
}

function checkFileMode(errors: Errors, path: string, mode: number | undefined): void {
  if (mode !== undefined && (mode < 0 || mode > 0o777))
    fail(errors, path, `invalid value ${mode}: must be a file mode between 0 and 0777 (octal)`);
}

interface ContainerContext {
  readonly volumeNames: ReadonlySet<string>;
  readonly hostNetwork: boolean;
  readonly init: boolean;
}

function validateContainer(errors: Errors, path: string, container: Container, context: ContainerContext): void {
  checkName(errors, `${path}.name`, container.name, dnsLabelError);
  required(errors, `${path}.image`, container.image);
  checkEnum(errors, `${path}.imagePullPolicy`, container.imagePullPolicy, pullPolicies);
  if (context.init) checkEnum(errors, `${path}.restartPolicy`, container.restartPolicy, ['Always']);
  else if (container.restartPolicy !== undefined)
    fail(errors, `${path}.restartPolicy`, 'may only be set on an init container');
  validateContainerPorts(errors, `${path}.ports`, container.ports ?? [], context.hostNetwork);
  validateEnv(errors, path, container);
  validateResources(errors, `${path}.resources`, container.resources);
  validateMounts(errors, `${path}.volumeMounts`, container.volumeMounts ?? [], context.volumeNames);
  validateProbe(errors, `${path}.livenessProbe`, container.livenessProbe, { successMustBeOne: true });
  validateProbe(errors, `${path}.readinessProbe`, container.readinessProbe, { successMustBeOne: false });
  validateProbe(errors, `${path}.startupProbe`, container.startupProbe, { successMustBeOne: true });
  validateHandler(errors, `${path}.lifecycle.postStart`, container.lifecycle?.postStart);
  validateHandler(errors, `${path}.lifecycle.preStop`, container.lifecycle?.preStop);
  checkMinimum(errors, `${path}.securityContext.runAsUser`, container.securityContext?.runAsUser, 0);
  checkMinimum(errors, `${path}.securityContext.runAsGroup`, container.securityContext?.runAsGroup, 0);
  checkEnum(
    errors,
    `${path}.securityContext.seccompProfile.type`,
    container.securityContext?.seccompProfile?.type,
    seccompTypes,
  );
}

function validateContainerPorts(
  errors: Errors,
  path: string,
  ports: NonNullable<Container['ports']>,
  hostNetwork: boolean,
): void {
  ports.forEach((port, index) => {
    const portPath = `${path}[${index}]`;
    checkPort(errors, `${portPath}.containerPort`, port.containerPort);
    checkPort(errors, `${portPath}.hostPort`, port.hostPort, { required: false });
    checkEnum(errors, `${portPath}.protocol`, port.protocol, protocols);
    checkOptionalName(errors, `${portPath}.name`, port.name, portNameError);
    if (hostNetwork && port.hostPort !== undefined && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
      fail(errors, `${portPath}.hostPort`, 'must match containerPort when hostNetwork is true');
    }
  });
  checkUnique(
    errors,
    ports.map((port, index) => ({ path: `${path}[${index}].name`, value: port.name })),
  );
  checkUnique(
    errors,
    ports.map((port, index) => ({
      path: `${path}[${index}].containerPort`,
      value: port.containerPort === undefined ? undefined : `${port.containerPort}/${port.protocol ?? 'TCP'}`,
    })),
  );
}

function validateEnv(errors: Errors, path: string, container: Container): void {
  (container.env ?? []).forEach((variable, index) => {
    const variablePath = `${path}.env[${index}]`;
    if (required(errors, `${variablePath}.name`, variable.name) && !envNamePattern.test(variable.name)) {
      fail(
        errors,
        `${variablePath}.name`,
        `invalid value "${variable.name}": must consist of alphabetic characters, digits, "_", "-" or ".", and must not start with a digit`,
      );
    }
    const source = variable.valueFrom;
    if (source === undefined) return;
    if (!isBlank(variable.value))
      fail(errors, `${variablePath}.valueFrom`, 'may not be specified when value is not empty');
    const sources = countSet(source.fieldRef, source.resourceFieldRef, source.configMapKeyRef, source.secretKeyRef);
    if (sources !== 1)
      fail(
        errors,
        `${variablePath}.valueFrom`,
        'must specify exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef',
      );
    if (source.fieldRef !== undefined)
      required(errors, `${variablePath}.valueFrom.fieldRef.fieldPath`, source.fieldRef.fieldPath);
    if (source.resourceFieldRef !== undefined)
      required(errors, `${variablePath}.valueFrom.resourceFieldRef.resource`, source.resourceFieldRef.resource);
    for (const [name, selector] of [
      ['configMapKeyRef', source.configMapKeyRef],
      ['secretKeyRef', source.secretKeyRef],
    ] as const) {
      if (selector === undefined) continue;
      required(errors, `${variablePath}.valueFrom.${name}.name`, selector.name);
      required(errors, `${variablePath}.valueFrom.${name}.key`, selector.key);
    }
  });
  (container.envFrom ?? []).forEach((source, index) => {
    const sourcePath = `${path}.envFrom[${index}]`;
    if (countSet(source.configMapRef, source.secretRef) !== 1)
      fail(errors, sourcePath, 'must specify exactly one of configMapRef, secretRef');
    if (source.configMapRef !== undefined)
      required(errors, `${sourcePath}.configMapRef.name`, source.configMapRef.name);
    if (source.secretRef !== undefined) required(errors, `${sourcePath}.secretRef.name`, source.secretRef.name);
  });
}

export function validateResources(
  errors: Errors,
  path: string,
  resources: { requests?: Record<string, string>; limits?: Record<string, string> } | undefined,
): void {
  if (resources === undefined) return;
  for (const part of ['requests', 'limits'] as const) {
    for (const [name, value] of Object.entries(resources[part] ?? {})) {
      const problem = qualifiedNameError(name);
      if (problem !== undefined) fail(errors, `${path}.${part}`, `invalid resource name "${name}": ${problem}`);
      checkQuantity(errors, `${path}.${part}.${name}`, value);
    }
  }
  for (const [name, request] of Object.entries(resources.requests ?? {})) {
    const limit = resources.limits?.[name];
    if (limit === undefined || !isQuantity(request) || !isQuantity(limit)) continue;
    if (compareQuantities(parseQuantity(request), parseQuantity(limit)) > 0)
      fail(
        errors,
        `${path}.requests.${name}`,
        `invalid value "${request}": must be less than or equal to ${name} limit of ${limit}`,
      );
  }
}

function validateMounts(
  errors: Errors,
  path: string,
  mounts: NonNullable<Container['volumeMounts']>,
  volumeNames: ReadonlySet<string>,
): void {
  mounts.forEach((mount, index) => {
    const mountPath = `${path}[${index}]`;
    if (required(errors, `${mountPath}.name`, mount.name) && !volumeNames.has(mount.name))
      fail(errors, `${mountPath}.name`, `volume "${mount.name}" not found`);
    if (required(errors, `${mountPath}.mountPath`, mount.mountPath) && !mount.mountPath.startsWith('/'))
      fail(errors, `${mountPath}.mountPath`, `invalid value "${mount.mountPath}": must be an absolute path`);
  });
  checkUnique(
    errors,
    mounts.map((mount, index) => ({ path: `${path}[${index}].mountPath`, value: mount.mountPath })),
  );
}

function validateProbe(
  errors: Errors,
  path: string,
  probe: Probe | undefined,
  options: { successMustBeOne: boolean },
): void {
  if (probe === undefined) return;
  if (countSet(probe.exec, probe.httpGet, probe.tcpSocket, probe.grpc) !== 1)
    fail(errors, path, 'must specify exactly one handler: exec, httpGet, tcpSocket or grpc');
  validateActions(errors, path, probe);
  if (probe.grpc !== undefined) checkPort(errors, `${path}.grpc.port`, probe.grpc.port);
  for (const field of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    checkMinimum(errors, `${path}.${field}`, probe[field], 0);
  }
  if (options.successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold > 1)
    fail(errors, `${path}.successThreshold`, 'must be 1');
}

function validateHandler(errors: Errors, path: string, handler: Handler | undefined): void {
  if (handler === undefined) return;
  if (countSet(handler.exec, handler.httpGet, handler.tcpSocket, handler.sleep) !== 1)
    fail(errors, path, 'must specify exactly one handler: exec, httpGet, tcpSocket or sleep');
  validateActions(errors, path, handler);
  checkMinimum(errors, `${path}.sleep.seconds`, handler.sleep?.seconds, 1);
}

function validateActions(errors: Errors, path: string, handler: Pick<Handler, 'exec' | 'httpGet' | 'tcpSocket'>): void {
  if (handler.exec !== undefined && (handler.exec.command ?? []).length === 0)
    fail(errors, `${path}.exec.command`, 'required');
  if (handler.httpGet !== undefined) {
    checkPortOrName(errors, `${path}.httpGet.port`, handler.httpGet.port);
    checkEnum(errors, `${path}.httpGet.scheme`, handler.httpGet.scheme, ['HTTP', 'HTTPS']);
    (handler.httpGet.httpHeaders ?? []).forEach((header, index) =>
      required(errors, `${path}.httpGet.httpHeaders[${index}].name`, header.name),
    );
  }
  if (handler.tcpSocket !== undefined) checkPortOrName(errors, `${path}.tcpSocket.port`, handler.tcpSocket.port);
}

function validateToleration(
  errors: Errors,
  path: string,
  toleration: NonNullable<PodSpec['tolerations']>[number],
): void {
  checkOptionalName(errors, `${path}.key`, toleration.key, qualifiedNameError);
  checkEnum(errors, `${path}.operator`, toleration.operator, ['Exists', 'Equal']);
  if (toleration.operator === 'Exists' && !isBlank(toleration.value))
    fail(errors, `${path}.value`, 'must be empty when operator is Exists');
  if (isBlank(toleration.key) && toleration.operator !== 'Exists')
    fail(errors, `${path}.operator`, 'must be Exists when key is empty');
  checkEnum(errors, `${path}.effect`, toleration.effect, taintEffects);
  if (toleration.tolerationSeconds !== undefined && toleration.effect !== 'NoExecute')
    fail(errors, `${path}.effect`, 'must be NoExecute when tolerationSeconds is set');
}

type NodeSelectorTerm = NonNullable<
  NonNullable<NonNullable<PodSpec['affinity']>['nodeAffinity']>['preferredDuringSchedulingIgnoredDuringExecution']
>[number]['preference'];

export function validateNodeSelectorTerm(errors: Errors, path: string, term: NodeSelectorTerm): void {
  for (const part of ['matchExpressions', 'matchFields'] as const) {
    (term?.[part] ?? []).forEach((requirement, index) => {
      const requirementPath = `${path}.${part}[${index}]`;
      if (part === 'matchExpressions') checkName(errors, `${requirementPath}.key`, requirement.key, qualifiedNameError);
      else checkEnum(errors, `${requirementPath}.key`, requirement.key, ['metadata.name'], { required: true });
      if (checkEnum(errors, `${requirementPath}.operator`, requirement.operator, nodeOperators, { required: true })) {
        checkOperatorValues(errors, requirementPath, requirement.operator ?? '', requirement.values ?? []);
      }
    });
  }
}

function validateAffinity(errors: Errors, path: string, affinity: PodSpec['affinity']): void {
  if (affinity === undefined) return;
  const nodePath = `${path}.nodeAffinity`;
  const required = affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined) {
    const termsPath = `${nodePath}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    if ((required.nodeSelectorTerms ?? []).length === 0)
      fail(errors, termsPath, 'must have at least one node selector term');
    (required.nodeSelectorTerms ?? []).forEach((term, index) =>
      validateNodeSelectorTerm(errors, `${termsPath}[${index}]`, term),
    );
  }
  (affinity.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((preferred, index) => {
    const preferredPath = `${nodePath}.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
    checkWeight(errors, `${preferredPath}.weight`, preferred.weight);
    validateNodeSelectorTerm(errors, `${preferredPath}.preference`, preferred.preference);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const kindPath = `${path}.${kind}`;
    (affinity[kind]?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, index) =>
      validatePodAffinityTerm(errors, `${kindPath}.requiredDuringSchedulingIgnoredDuringExecution[${index}]`, term),
    );
    (affinity[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((weighted, index) => {
      const weightedPath = `${kindPath}.preferredDuringSchedulingIgnoredDuringExecution[${index}]`;
      checkWeight(errors, `${weightedPath}.weight`, weighted.weight);
      validatePodAffinityTerm(errors, `${weightedPath}.podAffinityTerm`, weighted.podAffinityTerm);
    });
  }
}

type PodAffinityTerm = NonNullable<
  NonNullable<NonNullable<PodSpec['affinity']>['podAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']
>[number];

function validatePodAffinityTerm(errors: Errors, path: string, term: PodAffinityTerm | undefined): void {
  if (term === undefined) {
    fail(errors, path, 'required');
    return;
  }
  checkName(errors, `${path}.topologyKey`, term.topologyKey, qualifiedNameError);
  checkLabelSelector(errors, `${path}.labelSelector`, term.labelSelector);
  checkLabelSelector(errors, `${path}.namespaceSelector`, term.namespaceSelector);
}

function checkWeight(errors: Errors, path: string, weight: number | undefined): void {
  if (weight === undefined || weight < 1 || weight > 100)
    fail(errors, path, `invalid value ${weight ?? 0}: must be between 1 and 100, inclusive`);
}
