/**
 * Throw-away network namespaces for the benchmark and the tests: created with
 * `ip netns add`, always removed by the caller in a finally/afterAll.
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const outputBytesMax = 1024 * 1024;

/** Runs a command to its end (killed after timeoutMs); never rejects on a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < outputBytesMax) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < outputBytesMax) stderr += chunk;
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command and rejects with its stderr unless it exits 0. */
export async function mustRun(
  command: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.code ?? 'killed'}): ${result.stderr.trim()}`);
  return result.stdout;
}

export async function createNetns(name: string): Promise<void> {
  await mustRun('ip', ['netns', 'add', name]);
  await mustRun('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
}

/** Removes a namespace if it exists (its interfaces and tables go with it). */
export async function deleteNetns(name: string): Promise<void> {
  await runCommand('ip', ['netns', 'delete', name]);
}

/** True when this process may create namespaces and run nft (root with the binaries present). */
export async function canUseNetns(): Promise<{ ok: boolean; reason: string }> {
  if (process.getuid?.() !== 0) return { ok: false, reason: 'not root' };
  for (const binary of ['ip', 'nft']) {
    const found = await runCommand('sh', ['-c', `command -v ${binary}`]).catch(() => undefined);
    if (found?.code !== 0) return { ok: false, reason: `${binary} not installed` };
  }
  return { ok: true, reason: '' };
}
