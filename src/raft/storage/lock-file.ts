/**
 * One process per raft.db. Two replicas on one log would each believe their
 * writes durable, so opening takes `raft.db.lock` (created exclusively, holding
 * the owner's pid) and a second opener fails while that process lives. A lock
 * left by a process that died (SIGKILL) is taken over. SQLite's own exclusive
 * locking mode cannot do this job here: the log is written by a second
 * connection on a writer thread, which that mode would shut out.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { StorageError } from './storage-error.js';

const attemptsMax = 3;

function ownerAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LockFile {
  private released = false;

  private constructor(readonly path: string) {}

  static acquire(path: string): LockFile {
    for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        try {
          writeSync(fd, String(process.pid));
        } finally {
          closeSync(fd);
        }
        return new LockFile(path);
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new StorageError('io', `${path}: cannot create the lock: ${String(error)}`);
      }
      const owner = Number(readFileSync(path, 'utf8').trim() || '0');
      if (ownerAlive(owner)) {
        throw new StorageError(
          'io',
          `${path}: the log is in use by process ${owner}${owner === process.pid ? ' (this one)' : ''}; one replica per data directory`,
        );
      }
      // Left by a process that died: take it over.
      try {
        unlinkSync(path);
      } catch {
        // Another opener removed it first; try again.
      }
    }
    throw new StorageError('io', `${path}: could not take the lock after ${attemptsMax} attempts`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
