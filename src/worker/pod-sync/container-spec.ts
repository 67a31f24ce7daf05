/**
 * From a pod's container to the runtime's ContainerSpec: environment (env,
 * envFrom, valueFrom ConfigMap/Secret keys and pod fields), mounts from the
 * prepared volumes, and resource limits.
 */
import {
  milliValue,
  parseQuantity,
  unitValue,
  type ConfigMap,
  type Container,
  type Pod,
  type Secret,
} from '../../api/index.js';
import type { ContainerSpec, MountSpec, ResourceLimits } from '../runtime/runtime.js';
import { serviceAccountMountPath, serviceAccountVolumeName } from '../volumes/service-account-volume.js';
import { WorkerError, WorkerErrorCode } from '../worker-error.js';

export interface EnvSources {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

export interface ContainerSpecInput {
  readonly pod: Pod;
  readonly container: Container;
  readonly attempt: number;
  /** Host path per volume name. */
  readonly volumePaths: ReadonlyMap<string, string>;
  readonly sources: EnvSources;
  readonly podIp: string;
  readonly hostIp: string;
}

type EnvVar = { name: string; value: string };
/** Variables one container may have, at most. */
const envCountMax = 10_000;

export async function containerSpecFor(input: ContainerSpecInput): Promise<ContainerSpec> {
  const { pod, container, attempt } = input;
  const name = container.name ?? '';
  return {
    pod: {
      uid: pod.metadata?.uid ?? '',
      name: pod.metadata?.name ?? '',
      namespace: pod.metadata?.namespace ?? 'default',
    },
    name,
    attempt,
    image: container.image ?? '',
    command: container.command ?? [],
    args: container.args ?? [],
    env: await environmentOf(input),
    workingDir: container.workingDir ?? '',
    mounts: mountsOf(container, input.volumePaths),
    resources: resourceLimits(container),
    logPath: `${name}/${attempt}.log`,
  };
}

/**
 * The container's volumeMounts, and the ServiceAccount token volume (read-only)
 * when the pod has one and the container mounts nothing of its own there.
 */
function mountsOf(container: Container, volumePaths: ReadonlyMap<string, string>): MountSpec[] {
  const mounts: MountSpec[] = (container.volumeMounts ?? []).map((mount) => {
    const hostPath = volumePaths.get(mount.name ?? '');
    if (hostPath === undefined || mount.name === serviceAccountVolumeName)
      throw new WorkerError(WorkerErrorCode.volume, `volumeMounts: no volume named "${mount.name ?? ''}"`);
    const subPath = mount.subPath ?? '';
    return {
      hostPath: subPath === '' ? hostPath : `${hostPath}/${subPath}`,
      containerPath: mount.mountPath ?? '',
      readOnly: mount.readOnly === true,
    };
  });
  const tokenDir = volumePaths.get(serviceAccountVolumeName);
  const taken = mounts.some((mount) => mount.containerPath.replace(/\/+$/, '') === serviceAccountMountPath);
  if (tokenDir !== undefined && !taken)
    mounts.push({ hostPath: tokenDir, containerPath: serviceAccountMountPath, readOnly: true });
  return mounts;
}

export function resourceLimits(container: Container): ResourceLimits {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const bytes = (text: string | undefined): number => (text === undefined ? 0 : Number(unitValue(parseQuantity(text))));
  const millis = (text: string | undefined): number =>
    text === undefined ? 0 : Number(milliValue(parseQuantity(text)));
  return {
    memoryLimitBytes: bytes(limits['memory']),
    cpuLimitMillis: millis(limits['cpu']),
    cpuRequestMillis: millis(requests['cpu'] ?? limits['cpu']),
  };
}

async function environmentOf(input: ContainerSpecInput): Promise<EnvVar[]> {
  const namespace = input.pod.metadata?.namespace ?? 'default';
  const values = new Map<string, string>();
  for (const source of input.container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef !== undefined) {
      const configMap = await input.sources.configMap(namespace, source.configMapRef.name ?? '');
      if (configMap === undefined && source.configMapRef.optional !== true)
        throw notFound('configmap', source.configMapRef.name ?? '', namespace);
      for (const [key, value] of Object.entries(configMap?.data ?? {})) values.set(prefix + key, value);
    }
    if (source.secretRef !== undefined) {
      const secret = await input.sources.secret(namespace, source.secretRef.name ?? '');
      if (secret === undefined && source.secretRef.optional !== true)
        throw notFound('secret', source.secretRef.name ?? '', namespace);
      for (const [key, value] of Object.entries(secret?.data ?? {}))
        values.set(prefix + key, Buffer.from(value, 'base64').toString());
    }
  }
  for (const variable of input.container.env ?? []) {
    const value =
      variable.valueFrom === undefined
        ? (variable.value ?? '')
        : await valueFrom(variable.name ?? '', variable.valueFrom, input);
    if (value !== undefined) values.set(variable.name ?? '', value);
  }
  if (values.size > envCountMax)
    throw new WorkerError(WorkerErrorCode.config, `at most ${envCountMax} environment variables`);
  return [...values].map(([name, value]) => ({ name, value }));
}

type ValueFrom = NonNullable<NonNullable<Container['env']>[number]['valueFrom']>;

async function valueFrom(name: string, source: ValueFrom, input: ContainerSpecInput): Promise<string | undefined> {
  const namespace = input.pod.metadata?.namespace ?? 'default';
  if (source.configMapKeyRef !== undefined) {
    const ref = source.configMapKeyRef;
    const value = (await input.sources.configMap(namespace, ref.name ?? ''))?.data?.[ref.key ?? ''];
    if (value === undefined && ref.optional !== true)
      throw keyNotFound(name, 'configmap', ref.name ?? '', ref.key ?? '', namespace);
    return value;
  }
  if (source.secretKeyRef !== undefined) {
    const ref = source.secretKeyRef;
    const value = (await input.sources.secret(namespace, ref.name ?? ''))?.data?.[ref.key ?? ''];
    if (value === undefined && ref.optional !== true)
      throw keyNotFound(name, 'secret', ref.name ?? '', ref.key ?? '', namespace);
    return value === undefined ? undefined : Buffer.from(value, 'base64').toString();
  }
  if (source.fieldRef !== undefined) return podField(source.fieldRef.fieldPath ?? '', input);
  return '';
}

function podField(path: string, input: ContainerSpecInput): string {
  const { pod } = input;
  const fields: Record<string, string> = {
    'metadata.name': pod.metadata?.name ?? '',
    'metadata.namespace': pod.metadata?.namespace ?? '',
    'metadata.uid': pod.metadata?.uid ?? '',
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'status.podIP': input.podIp,
    'status.hostIP': input.hostIp,
  };
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path)?.[1];
  if (label !== undefined) return pod.metadata?.labels?.[label] ?? '';
  const value = fields[path];
  if (value === undefined) throw new WorkerError(WorkerErrorCode.config, `env fieldRef "${path}" is not supported`);
  return value;
}

function notFound(kind: string, name: string, namespace: string): WorkerError {
  return new WorkerError(WorkerErrorCode.configMissing, `${kind} "${name}" not found in namespace "${namespace}"`);
}

function keyNotFound(variable: string, kind: string, name: string, key: string, namespace: string): WorkerError {
  return new WorkerError(
    WorkerErrorCode.configMissing,
    `env ${variable}: key "${key}" not found in ${kind} "${name}" (namespace "${namespace}")`,
  );
}
