// The ServiceAccount token volume: the files a pod reads, renewed in place at
// 80% of the token's life, none for a pod that opts out, a clear error for a
// pod that names an account it gets no token for, and a pod that names none
// runs without one (said once, in an Event).
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/index.js';
import { ClientError } from '../../client/index.js';
import { containerSpecFor } from '../pod-sync/container-spec.js';
import { isWorkerError } from '../worker-error.js';
import { preparePodVolumes } from './pod-volumes.js';
import {
  serviceAccountMountPath,
  ServiceAccountVolumes,
  serviceAccountVolumeName,
  type ServiceAccountTokenIssuer,
} from './service-account-volume.js';

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', uid: 'uid-web' },
  spec: { nodeName: 'w1', containers: [{ name: 'app', image: 'web:1' }], serviceAccountName: 'robot', ...spec },
});

type Request = Parameters<ServiceAccountTokenIssuer>[0];

describe('ServiceAccount token volumes', () => {
  let root = '';
  let volumes: ServiceAccountVolumes | undefined;
  afterEach(() => {
    volumes?.close();
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  function setUp(issue: ServiceAccountTokenIssuer, lifeMs = 3_600_000) {
    root = mkdtempSync(join(tmpdir(), 'orca-sa-'));
    const warnings: string[] = [];
    volumes = new ServiceAccountVolumes({
      issue,
      logger: pino({ level: 'silent' }),
      expirationSeconds: lifeMs / 1000,
      refreshFraction: 0.8,
      retryMs: 50,
      warn: (_pod, reason, message) => warnings.push(`${reason}: ${message}`),
    });
    return { volumes, warnings };
  }

  const issuer = (lifeMs: number, requests: Request[]): ServiceAccountTokenIssuer => {
    return async (request) => {
      requests.push(request);
      return {
        token: `token-${requests.length}`,
        expiration: new Date(Date.now() + lifeMs).toISOString(),
        caPem: 'CA PEM',
      };
    };
  };

  it('writes token, ca.crt and namespace for the pod’s account, bound to the pod, and mounts them read-only', async () => {
    const requests: Request[] = [];
    const { volumes } = setUp(issuer(3_600_000, requests));
    const paths = await preparePodVolumes({
      pod: pod(),
      rootDir: root,
      sources: noSources,
      nowMs: 0,
      serviceAccounts: volumes,
    });
    const dir = paths.get(serviceAccountVolumeName) ?? '';
    expect(readFileSync(join(dir, 'token'), 'utf8')).toBe('token-1');
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe('CA PEM');
    expect(readFileSync(join(dir, 'namespace'), 'utf8')).toBe('shop');
    expect(requests).toEqual([
      { namespace: 'shop', name: 'robot', podName: 'web', podUid: 'uid-web', expirationSeconds: 3600 },
    ]);
    // A second container start reuses the token while it is fresh.
    await preparePodVolumes({ pod: pod(), rootDir: root, sources: noSources, nowMs: 0, serviceAccounts: volumes });
    expect(requests).toHaveLength(1);
    const spec = await containerSpecFor({
      pod: pod(),
      container: { name: 'app', image: 'web:1' },
      attempt: 0,
      volumePaths: paths,
      sources: noSources,
      podIp: '',
      hostIp: '',
    });
    expect(spec.mounts).toEqual([{ hostPath: dir, containerPath: serviceAccountMountPath, readOnly: true }]);
  });

  it('renews the token at 80% of its life by swapping the files atomically, until the pod is released', async () => {
    const requests: Request[] = [];
    const { volumes } = setUp(issuer(500, requests), 500);
    const dir = (await volumes.prepare(pod(), join(root, 'pod'))) ?? '';
    const firstData = readlinkSync(join(dir, '..data'));
    const started = Date.now();
    await until('a renewed token', () => (readFileSync(join(dir, 'token'), 'utf8') === 'token-2' ? true : undefined));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(readlinkSync(join(dir, '..data'))).not.toBe(firstData);
    volumes.release('uid-web');
    const count = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(requests.length).toBe(count);
  });

  it('mounts nothing for a pod with automountServiceAccountToken false', async () => {
    const requests: Request[] = [];
    const { volumes } = setUp(issuer(3_600_000, requests));
    expect(await volumes.prepare(pod({ automountServiceAccountToken: false }), join(root, 'pod'))).toBeUndefined();
    expect(requests).toEqual([]);
    expect(existsSync(join(root, 'pod'))).toBe(false);
  });

  it('fails the pod with a clear message when its named account gets no token', async () => {
    const { volumes } = setUp(async () => {
      throw new ClientError('not-found', 'ServiceAccount shop/robot not found');
    });
    const error = await volumes.prepare(pod(), join(root, 'pod')).catch((failure: unknown) => failure);
    expect(isWorkerError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `no token for ServiceAccount "robot" (volume ${serviceAccountMountPath}): ServiceAccount shop/robot not found`,
    );
  });

  it('runs a pod that names no account without a token when the default one is refused, and says so once', async () => {
    const requests: Request[] = [];
    const { volumes, warnings } = setUp(async (request) => {
      requests.push(request);
      throw new ClientError('forbidden', 'no pod bound to node "w1" references shop/default');
    });
    expect(await volumes.prepare(pod({ serviceAccountName: '' }), join(root, 'pod'))).toBeUndefined();
    expect(await volumes.prepare(pod({ serviceAccountName: '' }), join(root, 'pod'))).toBeUndefined();
    expect(requests.map((request) => request.name)).toEqual(['default', 'default']);
    expect(warnings).toEqual([
      'NoServiceAccountToken: running without a ServiceAccount token: the cluster gave none for ServiceAccount "default": no pod bound to node "w1" references shop/default',
    ]);
  });

  it('leaves a container’s own mount at the token path alone', async () => {
    const spec = await containerSpecFor({
      pod: pod({ volumes: [{ name: 'mine', emptyDir: {} }] }),
      container: {
        name: 'app',
        image: 'web:1',
        volumeMounts: [{ name: 'mine', mountPath: `${serviceAccountMountPath}/` }],
      },
      attempt: 0,
      volumePaths: new Map([
        ['mine', '/host/mine'],
        [serviceAccountVolumeName, '/host/token'],
      ]),
      sources: noSources,
      podIp: '',
      hostIp: '',
    });
    expect(spec.mounts.map((mount) => mount.hostPath)).toEqual(['/host/mine']);
  });
});

const noSources = {
  configMap: async () => undefined,
  secret: async () => undefined,
  claim: async () => undefined,
  volume: async () => undefined,
};
