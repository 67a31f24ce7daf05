import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCriLogLines } from '../../worker-service.js';
import type { ContainerInfo, ContainerSpec, SandboxSpec } from '../runtime.js';
import { ProcessRuntime } from './process-runtime.js';

let folder: string;
let runtime: ProcessRuntime;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'orca-process-runtime-'));
  runtime = new ProcessRuntime({ hostIp: '192.0.2.7' });
});

afterEach(async () => {
  await runtime.close();
  rmSync(folder, { recursive: true, force: true });
});

const pod = { uid: 'u1', name: 'p', namespace: 'default' };
const sandboxSpec = (): SandboxSpec => ({
  pod,
  attempt: 0,
  hostname: 'p',
  logDirectory: folder,
  portMappings: [],
  dnsServers: [],
  dnsSearches: [],
  dnsOptions: [],
});
const containerSpec = (script: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  pod,
  name: 'app',
  attempt: 0,
  image: 'none',
  command: ['sh', '-c', script],
  args: [],
  env: [{ name: 'WHO', value: 'world' }],
  workingDir: '',
  mounts: [],
  resources: { memoryLimitBytes: 0, cpuLimitMillis: 0, cpuRequestMillis: 0 },
  logPath: 'app/0.log',
  ...extra,
});

async function started(script: string, extra: Partial<ContainerSpec> = {}): Promise<string> {
  const sandbox = await runtime.runSandbox(sandboxSpec());
  const id = await runtime.createContainer(sandbox.id, sandboxSpec(), containerSpec(script, extra));
  await runtime.startContainer(id);
  return id;
}

async function until(id: string, done: (info: ContainerInfo) => boolean): Promise<ContainerInfo> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const info = (await runtime.listContainers()).find((candidate) => candidate.id === id);
    if (info !== undefined && done(info)) return info;
    if (Date.now() > deadline) throw new Error(`container ${id} did not get there: ${JSON.stringify(info)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function untilLogged(info: ContainerInfo, text: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  const logged = (): boolean => {
    try {
      return parseCriLogLines(readFileSync(info.logPath, 'utf8'), false).includes(text);
    } catch {
      return false;
    }
  };
  while (!logged()) {
    if (Date.now() > deadline) throw new Error(`container ${info.id} never logged "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the process runtime', () => {
  it('runs the command with its env, logs in the CRI format, and reports the exit code', async () => {
    const id = await started('echo "hello $WHO"; echo oops >&2; exit 4');
    const info = await until(id, (candidate) => candidate.state === 'exited');
    expect(info).toMatchObject({ exitCode: 4, reason: 'Error' });
    expect(parseCriLogLines(readFileSync(info.logPath, 'utf8'), false).split('\n').sort()).toEqual([
      '',
      'hello world',
      'oops',
    ]);
    expect((await runtime.listSandboxes())[0]?.ip).toBe('192.0.2.7');
  });

  it('stops with SIGTERM first, and with SIGKILL when the grace period runs out', async () => {
    // Each script says `trapped` once its trap is set: a SIGTERM before that would
    // meet the shell's default action, not the behaviour under test.
    const polite = await started('trap "exit 0" TERM; echo trapped; while true; do sleep 0.05; done');
    await untilLogged(await until(polite, (candidate) => candidate.state === 'running'), 'trapped');
    await runtime.stopContainer(polite, 5);
    expect((await until(polite, (candidate) => candidate.state === 'exited')).exitCode).toBe(0);

    // Its own log file: the first container's "trapped" must not count for this one.
    const stubborn = await started('trap "" TERM; echo trapped; while true; do sleep 0.05; done', {
      attempt: 1,
      logPath: 'app/1.log',
    });
    await untilLogged(await until(stubborn, (candidate) => candidate.state === 'running'), 'trapped');
    const before = Date.now();
    await runtime.stopContainer(stubborn, 1);
    const killed = await until(stubborn, (candidate) => candidate.state === 'exited');
    expect(killed.exitCode).toBe(137);
    expect(Date.now() - before).toBeGreaterThanOrEqual(900);
  });

  it("execs a host command in the container's env and refuses a container without a command", async () => {
    const id = await started('sleep 30');
    await until(id, (candidate) => candidate.state === 'running');
    const result = await runtime.exec(id, ['sh', '-c', 'echo "$WHO"; exit 2'], 5);
    expect({ out: result.stdout.toString(), code: result.exitCode }).toEqual({ out: 'world\n', code: 2 });
    const sandbox = await runtime.runSandbox(sandboxSpec());
    await expect(
      runtime.createContainer(sandbox.id, sandboxSpec(), containerSpec('', { command: [] })),
    ).rejects.toThrow(/command \(or args\) is required/);
  });
});
