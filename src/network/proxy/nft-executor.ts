/**
 * Where scripts meet the kernel. NftCommandExecutor pipes each script into a
 * new `nft -f -` (one transaction: all of it applies or none), in this
 * process's network namespace or, for tests and benchmarks, in a named one
 * through `ip netns exec`; with `check` it only validates (`nft -c`). The
 * proxy's everyday executor is the long-lived NftSessionExecutor
 * (nft-session.ts), which saves the process start and exit per script. The
 * recording fake keeps the scripts for unit tests.
 */
import { spawn } from 'node:child_process';
import { NetworkError } from '../network-error.js';

export interface NftExecutor {
  /** Applies `script` atomically; rejects with a NetworkError (code `nft`) carrying nft's stderr. */
  run(script: string): Promise<void>;
  /** Releases what the executor holds (a long-lived process); ServiceProxy.stop calls it last. */
  close?(): Promise<void>;
}

export interface NftCommandOptions {
  /** Run inside this named network namespace (`ip netns exec NAME nft …`); default: the current one. */
  readonly netns?: string;
  /** Check only (`nft -c`): validates against the kernel without changing anything. */
  readonly check?: boolean;
  readonly nftPath?: string;
  readonly ipPath?: string;
  /** A run taking longer is killed. */
  readonly timeoutMs?: number;
}

export const nftCommandDefaults = Object.freeze({
  nftPath: 'nft',
  ipPath: 'ip',
  timeoutMs: 60_000,
  /** 20,000 services × a few endpoints render to ~40 MB; refuse anything far beyond. */
  scriptBytesMax: 256 * 1024 * 1024,
  stderrBytesMax: 64 * 1024,
});

const netnsPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export class NftCommandExecutor implements NftExecutor {
  private readonly command: string;
  private readonly args: readonly string[];
  private readonly timeoutMs: number;

  constructor(options: NftCommandOptions = {}) {
    const nft = options.nftPath ?? nftCommandDefaults.nftPath;
    const nftArgs = options.check === true ? ['-c', '-f', '-'] : ['-f', '-'];
    if (options.netns !== undefined && !netnsPattern.test(options.netns)) {
      throw new NetworkError('config', `netns: "${options.netns}" must match ${netnsPattern.source}`);
    }
    this.command = options.netns === undefined ? nft : (options.ipPath ?? nftCommandDefaults.ipPath);
    this.args = options.netns === undefined ? nftArgs : ['netns', 'exec', options.netns, nft, ...nftArgs];
    this.timeoutMs = options.timeoutMs ?? nftCommandDefaults.timeoutMs;
  }

  run(script: string): Promise<void> {
    const bytes = Buffer.byteLength(script);
    if (bytes > nftCommandDefaults.scriptBytesMax) {
      return Promise.reject(
        new NetworkError('limit', `nft script of ${bytes} bytes exceeds ${nftCommandDefaults.scriptBytesMax}`),
      );
    }
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, this.args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.timeoutMs);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        if (stderr.length < nftCommandDefaults.stderrBytesMax)
          stderr += chunk.slice(0, nftCommandDefaults.stderrBytesMax - stderr.length);
      });
      // a failed spawn (no such binary) reports here, and stdin may then error too
      child.stdin.on('error', () => undefined);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new NetworkError('nft', `cannot run ${this.command}: ${error.message}`, { cause: error }));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve();
        const why = timedOut
          ? `timed out after ${this.timeoutMs} ms`
          : signal !== null
            ? `killed by ${signal}`
            : `exit code ${code ?? '?'}`;
        reject(new NetworkError('nft', `nft -f failed (${why}): ${firstLines(stderr)}`, { stderr }));
      });
      child.stdin.end(script);
    });
  }
}

/** The first lines of nft's output, on one line, for an error message. */
export function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 6).join(' | ') || '(no output)';
}

/** A fake for unit tests: keeps every script; `failNext` makes upcoming runs reject. */
export class RecordingNftExecutor implements NftExecutor {
  readonly scripts: string[] = [];
  /** How often close() was called. */
  closed = 0;
  private failures: NetworkError[] = [];

  close(): Promise<void> {
    this.closed += 1;
    return Promise.resolve();
  }

  run(script: string): Promise<void> {
    this.scripts.push(script);
    const failure = this.failures.shift();
    return failure === undefined ? Promise.resolve() : Promise.reject(failure);
  }

  /** The next `count` runs fail with an nft error (the script is still recorded). */
  failNext(count = 1, stderr = 'Error: Could not process rule: No such file or directory'): void {
    for (let index = 0; index < count; index += 1)
      this.failures.push(new NetworkError('nft', `nft -f failed (exit code 1): ${stderr}`, { stderr }));
  }

  get last(): string | undefined {
    return this.scripts[this.scripts.length - 1];
  }
}
