// Test helpers over setup.sh: a private containerd (and the local registry) for
// tests that need real containers, and the question whether this machine can run
// them at all, so that tests skip with the reason instead of failing.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * setup.sh next to this module when it runs from the sources, or the
 * repository's copy when it runs compiled from dist/ (which holds no scripts).
 */
function findSetupScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    for (const candidate of [join(dir, 'setup.sh'), join(dir, 'cluster-test', 'env', 'setup.sh')]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), 'setup.sh');
}

const setupScript = findSetupScript();
/** setup.sh's exit code for "this machine cannot run containers". */
const exitUnsupported = 3;
const outputBytesMax = 1024 * 1024;

export type ContainerSupport = { ok: true } | { ok: false; reason: string };

export const TestEnvErrorCode = {
  unsupported: 'unsupported',
  startFailed: 'start_failed',
  stopFailed: 'stop_failed',
} as const;
export type TestEnvErrorCode = (typeof TestEnvErrorCode)[keyof typeof TestEnvErrorCode];

export class TestEnvError extends Error {
  override readonly name = 'TestEnvError';
  constructor(
    readonly code: TestEnvErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface TestRuntimeOptions {
  /** Folder of the instance; a fresh temporary one (removed by stop) when omitted. */
  dir?: string;
  /** Linux bridge of the instance's CNI network (at most 15 characters). */
  bridge?: string;
  podCidr?: string;
  /** Run containerd inside this network namespace (/run/netns/NAME). */
  netns?: string;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface TestRuntime {
  /** Absolute path of the containerd socket (CRI v1 is served on it). */
  socket: string;
  /** The local registry holding busybox:latest, httpd:latest and pause:latest. */
  registry: '127.0.0.1:5000';
  podCidr: string;
  bridge: string;
  dir: string;
  /** Stops containerd (and the registry if this instance started it) and cleans up. */
  stop(): Promise<void>;
}

/** Whether this machine can run containers; asks setup.sh, which knows what is needed. */
export function containerSupport(): ContainerSupport {
  const result = spawnSync('bash', [setupScript, 'support'], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return { ok: true };
  const said = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const reason =
    said !== '' ? said : (result.error?.message ?? `setup.sh support exited with ${String(result.status)}`);
  return { ok: false, reason };
}

interface ScriptResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function runScript(args: string[], env: Record<string, string>, timeoutMs: number): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const options = {
      env: { ...process.env, ...env },
      timeout: timeoutMs,
      maxBuffer: outputBytesMax,
      encoding: 'utf8' as const,
    };
    execFile('bash', [setupScript, ...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ exitCode: code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
    });
  });
}

function parseKeyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals), line.slice(equals + 1));
  }
  return values;
}

// Distinct per test process by default, so parallel test files do not share a bridge or a CIDR.
function defaultNetwork(): { bridge: string; podCidr: string } {
  const slot = process.pid % 200;
  return { bridge: `orca-t${process.pid % 1_000_000}`, podCidr: `10.245.${slot + 20}.0/24` };
}

async function stopInstance(dir: string, removeDir: boolean, timeoutMs: number): Promise<void> {
  const result = await runScript(['stop', dir], {}, timeoutMs);
  if (result.exitCode !== 0)
    throw new TestEnvError(TestEnvErrorCode.stopFailed, `setup.sh stop: ${result.stderr.trim()}`);
  if (removeDir) rmSync(dir, { recursive: true, force: true });
}

/** Starts a private containerd with the test images at hand; call stop() in afterAll. */
export async function startTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const network = defaultNetwork();
  const bridge = options.bridge ?? network.bridge;
  const podCidr = options.podCidr ?? network.podCidr;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'orca-cri-'));
  const removeDir = options.dir === undefined;
  const stopTimeoutMs = options.stopTimeoutMs ?? 60_000;
  const env = { ORCA_TEST_BRIDGE: bridge, ORCA_TEST_POD_CIDR: podCidr };
  const args = options.netns === undefined ? ['start', dir] : ['start', dir, options.netns];
  const result = await runScript(args, env, options.startTimeoutMs ?? 120_000);
  if (result.exitCode !== 0) {
    await stopInstance(dir, removeDir, stopTimeoutMs).catch(() => undefined);
    const code = result.exitCode === exitUnsupported ? TestEnvErrorCode.unsupported : TestEnvErrorCode.startFailed;
    throw new TestEnvError(code, `setup.sh start: ${result.stderr.trim()}`);
  }
  const values = parseKeyValues(result.stdout);
  const socket = values.get('SOCKET');
  if (socket === undefined)
    throw new TestEnvError(TestEnvErrorCode.startFailed, `setup.sh start printed no SOCKET: ${result.stdout}`);
  return {
    socket,
    registry: '127.0.0.1:5000',
    podCidr: values.get('POD_CIDR') ?? podCidr,
    bridge: values.get('BRIDGE') ?? bridge,
    dir,
    stop: () => stopInstance(dir, removeDir, stopTimeoutMs),
  };
}
