/**
 * The host folders behind a pod's volumes: emptyDir and configMap/secret under
 * the pod's folder, hostPath as given, and a claim's local persistent volume.
 * ConfigMap and Secret files are rewritten atomically when their source changes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret } from '../../api/index.js';
import { WorkerError, WorkerErrorCode } from '../worker-error.js';
import { writeAtomically, type FileContent } from './atomic-files.js';
import { serviceAccountVolumeName, type ServiceAccountVolumes } from './service-account-volume.js';

/** What the volumes read from the API; undefined when the object does not exist. */
export interface VolumeSources {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  claim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  volume(name: string): Promise<PersistentVolume | undefined>;
}

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
type KeyToPath = { key?: string; path?: string; mode?: number };

export function podDirectory(rootDir: string, podUid: string): string {
  return join(rootDir, 'pods', podUid);
}

/**
 * Host path per volume name, creating and filling what the worker owns; with
 * `serviceAccounts`, the ServiceAccount token volume too, under
 * serviceAccountVolumeName (a name no pod volume can have).
 */
export async function preparePodVolumes(options: {
  pod: Pod;
  rootDir: string;
  sources: VolumeSources;
  nowMs: number;
  serviceAccounts?: ServiceAccountVolumes;
}): Promise<Map<string, string>> {
  const { pod, rootDir } = options;
  const paths = new Map<string, string>();
  const podDir = podDirectory(rootDir, pod.metadata?.uid ?? '');
  for (const volume of pod.spec?.volumes ?? []) {
    const name = volume.name ?? '';
    const ownDir = join(podDir, 'volumes', name);
    paths.set(name, await prepareVolume(volume, ownDir, options));
  }
  const tokenDir = await options.serviceAccounts?.prepare(pod, podDir);
  if (tokenDir !== undefined) paths.set(serviceAccountVolumeName, tokenDir);
  return paths;
}

async function prepareVolume(
  volume: Volume,
  ownDir: string,
  options: { pod: Pod; rootDir: string; sources: VolumeSources; nowMs: number },
): Promise<string> {
  const namespace = options.pod.metadata?.namespace ?? 'default';
  if (volume.hostPath !== undefined) return prepareHostPath(volume.hostPath);
  if (volume.configMap !== undefined) {
    const source = volume.configMap;
    const configMap = await options.sources.configMap(namespace, source.name ?? '');
    if (configMap === undefined && source.optional !== true)
      throw missing('ConfigMap', namespace, source.name ?? '', volume.name ?? '');
    const data = new Map(Object.entries(configMap?.data ?? {}).map(([key, value]) => [key, Buffer.from(value)]));
    writeAtomically(
      ownDir,
      projectedFiles(data, source.items ?? [], source.defaultMode ?? 0o644, volume.name ?? ''),
      options.nowMs,
    );
    return ownDir;
  }
  if (volume.secret !== undefined) {
    const source = volume.secret;
    const secret = await options.sources.secret(namespace, source.secretName ?? '');
    if (secret === undefined && source.optional !== true)
      throw missing('Secret', namespace, source.secretName ?? '', volume.name ?? '');
    const data = new Map(Object.entries(secret?.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]));
    writeAtomically(
      ownDir,
      projectedFiles(data, source.items ?? [], source.defaultMode ?? 0o644, volume.name ?? ''),
      options.nowMs,
    );
    return ownDir;
  }
  if (volume.persistentVolumeClaim !== undefined) {
    return claimPath(namespace, volume.persistentVolumeClaim.claimName ?? '', options);
  }
  // emptyDir and anything the worker does not know: a fresh folder that lives with the pod.
  mkdirSync(ownDir, { recursive: true });
  return ownDir;
}

function missing(kind: string, namespace: string, name: string, volume: string): WorkerError {
  return new WorkerError(
    WorkerErrorCode.configMissing,
    `${kind.toLowerCase()} "${name}" not found in namespace "${namespace}" (volume "${volume}")`,
  );
}

function prepareHostPath(source: { path?: string; type?: string }): string {
  const path = source.path ?? '';
  if (!path.startsWith('/')) throw new WorkerError(WorkerErrorCode.volume, `hostPath.path "${path}" must be absolute`);
  if (source.type === 'DirectoryOrCreate') mkdirSync(path, { recursive: true });
  if (source.type === 'FileOrCreate' && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  }
  if ((source.type === 'Directory' || source.type === 'File') && !existsSync(path)) {
    throw new WorkerError(WorkerErrorCode.volume, `hostPath "${path}" does not exist (type ${source.type})`);
  }
  return path;
}

function projectedFiles(
  data: ReadonlyMap<string, Buffer>,
  items: readonly KeyToPath[],
  defaultMode: number,
  volume: string,
): Map<string, FileContent> {
  const files = new Map<string, FileContent>();
  if (items.length === 0) {
    for (const [key, value] of data) files.set(key, { data: value, mode: defaultMode });
    return files;
  }
  for (const item of items) {
    const value = data.get(item.key ?? '');
    if (value === undefined)
      throw new WorkerError(WorkerErrorCode.configMissing, `key "${item.key ?? ''}" not found (volume "${volume}")`);
    files.set(item.path ?? item.key ?? '', { data: value, mode: item.mode ?? defaultMode });
  }
  return files;
}

/** A claim bound to a local or hostPath volume uses its path; otherwise a folder the worker keeps per claim. */
async function claimPath(
  namespace: string,
  claimName: string,
  options: { rootDir: string; sources: VolumeSources },
): Promise<string> {
  const claim = await options.sources.claim(namespace, claimName);
  if (claim === undefined) {
    throw new WorkerError(
      WorkerErrorCode.configMissing,
      `persistentvolumeclaim "${claimName}" not found in namespace "${namespace}"`,
    );
  }
  const volumeName = claim.spec?.volumeName ?? '';
  const volume = volumeName === '' ? undefined : await options.sources.volume(volumeName);
  const path = volume?.spec?.local?.path ?? volume?.spec?.hostPath?.path;
  const dir = path !== undefined && path !== '' ? path : join(options.rootDir, 'claims', namespace, claimName);
  mkdirSync(dir, { recursive: true });
  return dir;
}
