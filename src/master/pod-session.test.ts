import { describe, expect, it } from 'vitest';
import { insecureUser } from '../auth/index.js';
import type { AccessRequest } from './object-core.js';
import { ObjectError } from './object-error.js';
import { checkPodStream, openPodSession, subresourceOf } from './pod-session.js';
import type { PodProxyDeps } from './worker-target.js';
import { WorkerStubs } from './worker-target.js';

/** Deps whose core refuses everything and records what it was asked; nothing past it may be touched. */
function refusingDeps(asked: AccessRequest[]): PodProxyDeps {
  const untouchable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('a refused caller reached past authorization');
      },
    },
  );
  return {
    state: untouchable as PodProxyDeps['state'],
    reads: untouchable as PodProxyDeps['reads'],
    authenticator: untouchable as PodProxyDeps['authenticator'],
    core: {
      authorize: (request: AccessRequest) => {
        asked.push(request);
        throw new ObjectError('forbidden', `${request.subresource ?? ''} is forbidden`);
      },
    },
  };
}

describe('pod sessions through the master', () => {
  it('authorize each kind as its own subresource of pods, before the worker is looked for', async () => {
    const asked: AccessRequest[] = [];
    const deps = refusingDeps(asked);
    const stubs = new WorkerStubs();
    const signal = new AbortController().signal;
    for (const kind of ['POD_STREAM_KIND_EXEC', 'POD_STREAM_KIND_ATTACH', 'POD_STREAM_KIND_PORT_FORWARD'] as const) {
      await expect(
        openPodSession(deps, stubs, insecureUser, { namespace: 'team', pod: 'web', kind, port: 80 }, signal),
      ).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(
      checkPodStream(deps, stubs, insecureUser, { namespace: '', pod: 'web', subresource: 'portforward' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(
      asked.map(({ verb, kind, namespace, name, subresource }) => ({ verb, kind, namespace, name, subresource })),
    ).toEqual([
      { verb: 'create', kind: 'Pod', namespace: 'team', name: 'web', subresource: 'exec' },
      { verb: 'create', kind: 'Pod', namespace: 'team', name: 'web', subresource: 'attach' },
      { verb: 'create', kind: 'Pod', namespace: 'team', name: 'web', subresource: 'portforward' },
      { verb: 'create', kind: 'Pod', namespace: 'default', name: 'web', subresource: 'portforward' },
    ]);
    stubs.close();
  });

  it('refuses a session without a kind as invalid', async () => {
    expect(() => subresourceOf(undefined)).toThrow(/kind: required/);
    await expect(
      openPodSession(refusingDeps([]), new WorkerStubs(), insecureUser, { pod: 'web' }, new AbortController().signal),
    ).rejects.toMatchObject({ code: 'invalid' });
  });
});
