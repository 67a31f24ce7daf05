/**
 * A long-lived `nft -i` that applies scripts, one transaction each, without
 * starting a process per script. Measured at 5,000 Services, a fresh `nft -f`
 * costs 15–25 ms beyond its transaction: exec and library loading (~3 ms),
 * and above all closing its netlink socket after a commit, which waits for the
 * kernel's deferred release of the old rules (an RCU grace period, 4–14 ms on
 * this VM); and `ip netns exec` adds ~5 ms more in tests. The session keeps
 * one process and one socket for many scripts.
 *
 * Protocol: each script is written to a private file and the session is sent
 * `include "FILE"` (one line is one transaction in interactive mode, and the
 * included file is parsed into that same transaction, so a script stays
 * atomic and is never fed byte by byte through the line editor), followed by
 * a marker line that nft cannot parse. nft answers nothing on success; its
 * complaint about the marker (which echoes the marker) tells us that the
 * script before it is done, and whatever it printed before that is the
 * script's error. The process is restarted when it dies, hangs past the
 * timeout (killed) or has run `runsPerProcessMax` scripts (its line editor
 * keeps every line in memory).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLines, nftCommandDefaults, type NftExecutor } from './nft-executor.js';
import { NetworkError } from '../network-error.js';

export interface NftSessionOptions {
  /** Run inside this named network namespace (`ip netns exec NAME nft -i`); default: the current one. */
  readonly netns?: string;
  readonly nftPath?: string;
  readonly ipPath?: string;
  /** A script taking longer kills the process (the next script starts a new one). */
  readonly timeoutMs?: number;
  /** Scripts per process before it is replaced. */
  readonly runsPerProcessMax?: number;
  /** Where the private folder for script files is made; default the OS temp folder. */
  readonly scratchParent?: string;
}

export const nftSessionDefaults = Object.freeze({ runsPerProcessMax: 10_000, closeWaitMs: 2_000 });

const netnsPattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
/** The folder is written inside a quoted nft string: no quotes, no backslashes, no newlines. */
const safePathPattern = /^[A-Za-z0-9/._-]+$/;
const markerPrefix = 'orca-script-done-';

interface Pending {
  readonly marker: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

interface Session {
  readonly child: ChildProcess;
  /** What nft wrote to stderr since the last marker. */
  output: string;
  runs: number;
  exited: boolean;
  /** Why it ended, for a script that arrives after the fact. */
  failure?: NetworkError;
}

export class NftSessionExecutor implements NftExecutor {
  private readonly command: string;
  private readonly args: readonly string[];
  private readonly timeoutMs: number;
  private readonly runsPerProcessMax: number;
  private readonly scratchParent: string;
  private folder: string | undefined;
  private session: Session | undefined;
  private pending: Pending | undefined;
  /** Scripts run one after another: each waits for the one before. */
  private queue: Promise<unknown> = Promise.resolve();
  private sequence = 0;
  private closed = false;

  constructor(options: NftSessionOptions = {}) {
    const nft = options.nftPath ?? nftCommandDefaults.nftPath;
    if (options.netns !== undefined && !netnsPattern.test(options.netns)) {
      throw new NetworkError('config', `netns: "${options.netns}" must match ${netnsPattern.source}`);
    }
    this.command = options.netns === undefined ? nft : (options.ipPath ?? nftCommandDefaults.ipPath);
    this.args = options.netns === undefined ? ['-i'] : ['netns', 'exec', options.netns, nft, '-i'];
    this.timeoutMs = options.timeoutMs ?? nftCommandDefaults.timeoutMs;
    this.runsPerProcessMax = options.runsPerProcessMax ?? nftSessionDefaults.runsPerProcessMax;
    this.scratchParent = options.scratchParent ?? tmpdir();
    if (!Number.isInteger(this.runsPerProcessMax) || this.runsPerProcessMax < 1)
      throw new NetworkError('config', 'runsPerProcessMax: must be a positive integer');
  }

  run(script: string): Promise<void> {
    const bytes = Buffer.byteLength(script);
    if (bytes > nftCommandDefaults.scriptBytesMax) {
      return Promise.reject(
        new NetworkError('limit', `nft script of ${bytes} bytes exceeds ${nftCommandDefaults.scriptBytesMax}`),
      );
    }
    if (this.closed) return Promise.reject(new NetworkError('closed', 'nft session closed'));
    const result = this.queue.then(() => this.runNow(script));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the process (waiting a little for it) and removes the script folder. Later runs reject. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.endSession();
    if (this.folder !== undefined) await rm(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }

  /** The pid of the current nft process (undefined: none running); for tests. */
  get pid(): number | undefined {
    return this.session?.exited === false ? this.session.child.pid : undefined;
  }

  private async runNow(script: string): Promise<void> {
    if (this.closed) throw new NetworkError('closed', 'nft session closed');
    const folder = await this.scratchFolder();
    if (this.session !== undefined && this.session.runs >= this.runsPerProcessMax) await this.endSession();
    const session = this.session !== undefined && !this.session.exited ? this.session : this.start(folder);
    const file = join(folder, 'script.nft');
    await writeFile(file, script);
    this.sequence += 1;
    const marker = `${markerPrefix}${this.sequence}`;
    // it may have failed to start or died while the file was written
    if (session.exited) throw session.failure ?? new NetworkError('nft', 'nft -i exited before the script was sent');
    session.runs += 1;
    session.output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          new NetworkError(
            'nft',
            `nft -i did not finish a script within ${this.timeoutMs} ms: ${firstLines(session.output)}`,
            { stderr: session.output },
          ),
        );
        session.child.kill('SIGKILL');
      }, this.timeoutMs);
      this.pending = { marker, resolve, reject, timer };
      session.child.stdin?.write(`include "${file}"\n${marker}\n`);
    });
  }

  private async scratchFolder(): Promise<string> {
    if (this.folder !== undefined) return this.folder;
    const folder = await mkdtemp(join(this.scratchParent, 'orca-nft-'));
    if (!safePathPattern.test(folder)) {
      await rm(folder, { recursive: true, force: true });
      throw new NetworkError(
        'config',
        `scratch folder "${folder}" must match ${safePathPattern.source} (it is quoted into nft scripts)`,
      );
    }
    this.folder = folder;
    return folder;
  }

  private start(folder: string): Session {
    // HOME: where nft -i writes its line history on exit; keep it in our folder
    const child = spawn(this.command, this.args, {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, HOME: folder },
    });
    const session: Session = { child, output: '', runs: 0, exited: false };
    this.session = session;
    child.stdin?.on('error', () => undefined);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.onOutput(session, chunk));
    const ended = (failure: NetworkError): void => {
      session.exited = true;
      session.failure ??= failure;
      if (session === this.session) this.fail(session.failure);
    };
    child.on('error', (error) =>
      ended(new NetworkError('nft', `cannot run ${this.command}: ${error.message}`, { cause: error })),
    );
    child.on('exit', (code, signal) => {
      const why = signal !== null ? `killed by ${signal}` : `exit code ${code ?? '?'}`;
      ended(
        new NetworkError('nft', `nft -i exited (${why}): ${firstLines(session.output)}`, { stderr: session.output }),
      );
    });
    return session;
  }

  private onOutput(session: Session, chunk: string): void {
    session.output = capped(session.output + chunk);
    const pending = this.pending;
    if (pending === undefined || session !== this.session) return;
    const outcome = splitAtMarker(session.output, pending.marker);
    if (outcome === undefined) return;
    session.output = outcome.after;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (!outcome.before.includes('Error:')) return pending.resolve();
    pending.reject(
      new NetworkError('nft', `nft script failed: ${firstLines(outcome.before)}`, { stderr: outcome.before }),
    );
  }

  private fail(error: NetworkError): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  private async endSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined || session.exited) return;
    const exited = new Promise<void>((resolve) => session.child.once('exit', () => resolve()));
    session.child.stdin?.end();
    const timer = setTimeout(() => session.child.kill('SIGKILL'), nftSessionDefaults.closeWaitMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * nft's complaint about the marker is three lines: `Error: …`, the marker
 * line itself, and a caret line. Splits the output into what came before the
 * complaint and what came after it; undefined until all three lines are in.
 */
export function splitAtMarker(output: string, marker: string): { before: string; after: string } | undefined {
  const line = `${marker}\n`;
  let at = 0;
  if (!output.startsWith(line)) {
    const found = output.indexOf(`\n${line}`);
    if (found < 0) return undefined;
    at = found + 1;
  }
  const caretEnd = output.indexOf('\n', at + line.length);
  if (caretEnd < 0) return undefined;
  const errorStart = at === 0 ? 0 : output.lastIndexOf('\n', at - 2) + 1;
  return { before: output.slice(0, errorStart), after: output.slice(caretEnd + 1) };
}

/** Keeps the head (the first errors) and the tail (where the marker arrives) of a flood of output. */
function capped(output: string): string {
  const max = nftCommandDefaults.stderrBytesMax;
  return output.length <= max ? output : `${output.slice(0, max / 2)}\n…\n${output.slice(-max / 2)}`;
}
