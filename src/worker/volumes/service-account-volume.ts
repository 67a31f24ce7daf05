/**
 * The ServiceAccount token volume, as the kubelet projects it
 * (kube-api-access): each pod that does not opt out gets, read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount/, a folder with
 *
 *   token      a pod-bound token of its ServiceAccount (TokenRequest), an hour long
 *   ca.crt     the cluster CA, to check the API's certificate
 *   namespace  the pod's namespace
 *
 * The token is renewed at 80% of its life: the folder's files are swapped
 * atomically (writeAtomically: a new hidden folder, then a rename of the
 * `..data` link), so a reader sees the old token or the new one, never half.
 *
 * Opting out: spec.automountServiceAccountToken false. Kubernetes also looks
 * at the ServiceAccount's own automountServiceAccountToken, but the node
 * authorizer does not let a worker read ServiceAccounts (only create their
 * tokens), so the worker goes by the pod's field alone.
 *
 * A pod that names its ServiceAccount does not start without its token (the
 * error is the pod's, like a missing Secret). A pod that names none gets the
 * `default` account's token when the cluster issues it; when it is refused
 * (the account does not exist, or the node may not ask for it) the pod runs
 * without the volume, and says so in an Event, rather than not at all.
 */
import { join } from 'node:path';
import type { Pod } from '../../api/index.js';
import { isClientError } from '../../client/index.js';
import type { Logger } from '../../log/index.js';
import { errorMessage, WorkerError, WorkerErrorCode } from '../worker-error.js';
import { writeAtomically, type FileContent } from './atomic-files.js';

/** Where containers see the volume. */
export const serviceAccountMountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The key of the volume among a pod's volume paths, and its folder: not a DNS label, so no pod volume can take it. */
export const serviceAccountVolumeName = '_kube-api-access';

/** TokenRequest, as OrcaClient.issueServiceAccountToken answers it. */
export type ServiceAccountTokenIssuer = (request: {
  namespace: string;
  name: string;
  podName: string;
  podUid: string;
  expirationSeconds: number;
}) => Promise<{ token: string; expiration: string; caPem: string }>;

export interface ServiceAccountVolumeOptions {
  readonly issue: ServiceAccountTokenIssuer;
  readonly logger: Logger;
  /** A token's life asked for (Kubernetes' kube-api-access: 3607 s; an hour here). */
  readonly expirationSeconds: number;
  /** Renew when this share of the token's life has passed. */
  readonly refreshFraction: number;
  /** After a failed renewal, the next attempt comes this much later. */
  readonly retryMs: number;
  /** A pod ran without its token, or its renewal failed: said in an Event. */
  readonly warn: (pod: Pod, reason: string, message: string) => void;
  readonly now?: () => number;
}

export const serviceAccountVolumeDefaults = { expirationSeconds: 3600, refreshFraction: 0.8, retryMs: 10_000 } as const;

interface Mounted {
  pod: Pod;
  dir: string;
  /** When the current token should be replaced. */
  refreshAtMs: number;
  timer: NodeJS.Timeout | undefined;
}

type Issued = Awaited<ReturnType<ServiceAccountTokenIssuer>>;

const fileMode = 0o644;

/** The token volumes of the pods on this worker, each renewed on its own timer. */
export class ServiceAccountVolumes {
  private readonly mounted = new Map<string, Mounted>();
  /** Pods already told they run without a token (each container start asks again, the Event comes once). */
  private readonly warned = new Set<string>();
  private closed = false;

  constructor(private readonly options: ServiceAccountVolumeOptions) {}

  /** True when the pod wants the volume. */
  static wanted(pod: Pod): boolean {
    return pod.spec?.automountServiceAccountToken !== false;
  }

  /**
   * Fills (or keeps) the pod's token folder under `podDir`; the folder's path,
   * or undefined when the pod goes without one. Throws WorkerError when the
   * pod needs a token it cannot get.
   */
  async prepare(pod: Pod, podDir: string): Promise<string | undefined> {
    if (!ServiceAccountVolumes.wanted(pod)) return undefined;
    const uid = pod.metadata?.uid ?? '';
    const current = this.mounted.get(uid);
    if (current !== undefined && this.now() < current.refreshAtMs) return current.dir;
    const dir = join(podDir, 'volumes', serviceAccountVolumeName);
    const named = (pod.spec?.serviceAccountName ?? '') !== '';
    let issued: Issued;
    try {
      issued = await this.issue(pod);
    } catch (error: unknown) {
      const account = accountOf(pod);
      if (!named && (isClientError(error, 'forbidden') || isClientError(error, 'not-found'))) {
        if (!this.warned.has(uid))
          this.options.warn(
            pod,
            'NoServiceAccountToken',
            `running without a ServiceAccount token: the cluster gave none for ServiceAccount "${account}": ${errorMessage(error)}`,
          );
        this.warned.add(uid);
        return undefined;
      }
      throw new WorkerError(
        WorkerErrorCode.volume,
        `no token for ServiceAccount "${account}" (volume ${serviceAccountMountPath}): ${errorMessage(error)}`,
      );
    }
    this.install(pod, dir, issued);
    return dir;
  }

  /** The pod is gone from this worker: stop renewing its token. */
  release(podUid: string): void {
    this.warned.delete(podUid);
    const entry = this.mounted.get(podUid);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.mounted.delete(podUid);
  }

  close(): void {
    this.closed = true;
    for (const uid of [...this.mounted.keys()]) this.release(uid);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private issue(pod: Pod): Promise<Issued> {
    return this.options.issue({
      namespace: pod.metadata?.namespace ?? 'default',
      name: accountOf(pod),
      podName: pod.metadata?.name ?? '',
      podUid: pod.metadata?.uid ?? '',
      expirationSeconds: this.options.expirationSeconds,
    });
  }

  private install(pod: Pod, dir: string, issued: Issued): void {
    const files = new Map<string, FileContent>([
      ['token', { data: Buffer.from(issued.token), mode: fileMode }],
      ['ca.crt', { data: Buffer.from(issued.caPem), mode: fileMode }],
      ['namespace', { data: Buffer.from(pod.metadata?.namespace ?? 'default'), mode: fileMode }],
    ]);
    const nowMs = this.now();
    writeAtomically(dir, files, nowMs);
    const expiresMs = Date.parse(issued.expiration);
    const lifeMs =
      Number.isFinite(expiresMs) && expiresMs > nowMs ? expiresMs - nowMs : this.options.expirationSeconds * 1000;
    const uid = pod.metadata?.uid ?? '';
    this.release(uid);
    const entry: Mounted = { pod, dir, refreshAtMs: nowMs + lifeMs * this.options.refreshFraction, timer: undefined };
    this.mounted.set(uid, entry);
    this.schedule(entry, entry.refreshAtMs - nowMs);
  }

  private schedule(entry: Mounted, delayMs: number): void {
    if (this.closed) return;
    entry.timer = setTimeout(() => void this.refresh(entry), Math.max(0, delayMs));
    entry.timer.unref();
  }

  private async refresh(entry: Mounted): Promise<void> {
    const uid = entry.pod.metadata?.uid ?? '';
    try {
      const issued = await this.issue(entry.pod);
      // Released (the pod left) while the request was out: nothing to renew.
      if (this.closed || this.mounted.get(uid) !== entry) return;
      this.install(entry.pod, entry.dir, issued);
    } catch (error: unknown) {
      if (this.closed || this.mounted.get(uid) !== entry) return;
      const message = `renewing the token of ServiceAccount "${accountOf(entry.pod)}" failed: ${errorMessage(error)}`;
      this.options.logger.warn({ pod: entry.pod.metadata?.name, err: errorMessage(error) }, 'token renewal failed');
      this.options.warn(entry.pod, 'FailedMount', message);
      this.schedule(entry, this.options.retryMs);
    }
  }
}

function accountOf(pod: Pod): string {
  const name = pod.spec?.serviceAccountName ?? '';
  return name === '' ? 'default' : name;
}
