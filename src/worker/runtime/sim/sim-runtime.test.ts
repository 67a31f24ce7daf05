import { describe, expect, it } from 'vitest';
import type { ContainerSpec, SandboxSpec } from '../runtime.js';
import { SimRuntime, simExitCodeEnv } from './sim-runtime.js';

const pod = { uid: 'u1', name: 'p1', namespace: 'default' };
const sandbox: SandboxSpec = {
  pod,
  attempt: 0,
  hostname: 'p1',
  logDirectory: '/tmp',
  portMappings: [],
  dnsServers: [],
  dnsSearches: [],
  dnsOptions: [],
};

function container(env: ContainerSpec['env']): ContainerSpec {
  return {
    pod,
    name: 'app',
    attempt: 0,
    image: 'none',
    command: [],
    args: [],
    env,
    workingDir: '',
    mounts: [],
    resources: { memoryLimitBytes: 0, cpuLimitMillis: 0, cpuRequestMillis: 0 },
    logPath: 'app.log',
  };
}

async function startOne(runtime: SimRuntime, env: ContainerSpec['env']): Promise<string> {
  const { id: sandboxId } = await runtime.runSandbox(sandbox);
  const id = await runtime.createContainer(sandboxId, sandbox, container(env));
  await runtime.startContainer(id);
  return id;
}

describe('the sim runtime', () => {
  it('keeps a container running until it is stopped', async () => {
    const runtime = new SimRuntime();
    const id = await startOne(runtime, []);
    expect((await runtime.listContainers()).find((info) => info.id === id)?.state).toBe('running');
  });

  it(`exits a container at start with the code its ${simExitCodeEnv} names`, async () => {
    const runtime = new SimRuntime();
    const failing = await startOne(runtime, [{ name: simExitCodeEnv, value: '3' }]);
    const completing = await startOne(runtime, [{ name: simExitCodeEnv, value: '0' }]);
    const infos = await runtime.listContainers();
    expect(infos.find((info) => info.id === failing)).toMatchObject({ state: 'exited', exitCode: 3, reason: 'Error' });
    expect(infos.find((info) => info.id === completing)).toMatchObject({
      state: 'exited',
      exitCode: 0,
      reason: 'Completed',
    });
  });

  it(`ignores a ${simExitCodeEnv} that is not an exit code`, async () => {
    const runtime = new SimRuntime();
    const id = await startOne(runtime, [{ name: simExitCodeEnv, value: 'soon' }]);
    expect((await runtime.listContainers()).find((info) => info.id === id)?.state).toBe('running');
  });
});
