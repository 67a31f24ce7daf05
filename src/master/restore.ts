/**
 * `--restore FILE --bootstrap`: a brand-new one-voter cluster whose state is a
 * saved snapshot. The file becomes a Raft snapshot at the revision it was saved
 * at, and the log restarts right after it, so resourceVersions keep increasing
 * from where the old cluster stopped and watches never see a revision go back.
 *
 * Secrets stay sealed in a saved file (a backup never holds their plaintext), so
 * the new cluster needs the old one's key: copy `secret.key` from an old master's
 * data directory into the new data directory before restoring, as Kubernetes
 * needs its encryption config next to an etcd backup.
 */
import { copyFileSync, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RaftStore, SnapshotStore } from '../raft/index.js';
import { isStateError, StateMachine } from '../state/index.js';
import { MasterError } from './master-error.js';

export interface RestoreOptions {
  readonly file: string;
  readonly dataDir: string;
  readonly store: RaftStore;
  readonly snapshots: SnapshotStore;
  readonly name: string;
  readonly address: string;
}

/** The revision a saved state file was taken at, read through the state machine itself (which also checks the file). */
function savedRevision(file: string, dataDir: string): number {
  const folder = mkdtempSync(join(dataDir, 'restore-check-'));
  let state: StateMachine | undefined;
  try {
    copyFileSync(file, join(folder, 'state.db'));
    state = new StateMachine({ directory: folder });
    return state.appliedIndex();
  } catch (error: unknown) {
    const why = isStateError(error) || error instanceof Error ? error.message : String(error);
    throw new MasterError('restore-failed', `restore: ${file} is not a saved Orca snapshot: ${why}`);
  } finally {
    state?.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Writes the Raft snapshot and resets the (empty) log after it; returns the restored revision. */
export async function prepareRestore(options: RestoreOptions): Promise<number> {
  try {
    statSync(options.file);
  } catch {
    throw new MasterError('restore-failed', `restore: cannot read ${options.file}`);
  }
  if (options.store.lastIndex() !== 0)
    throw new MasterError(
      'restore-failed',
      'restore: the data directory already holds a cluster; restore into an empty one',
    );
  const revision = savedRevision(options.file, options.dataDir);
  if (revision < 1) throw new MasterError('restore-failed', `restore: ${options.file} holds no applied state`);
  const configuration = { servers: [{ id: options.name, address: options.address, suffrage: 'voter' as const }] };
  const sink = await options.snapshots.create({
    index: revision,
    term: 1,
    configuration,
    configurationIndex: revision,
  });
  try {
    for await (const chunk of createReadStream(options.file, { highWaterMark: 1024 * 1024 }))
      await sink.write(chunk as Buffer);
  } catch (error: unknown) {
    await sink.cancel();
    throw error;
  }
  const meta = await sink.close();
  options.store.resetTo(meta);
  options.store.persist({ hardState: { term: 1, vote: null, commit: revision }, entries: [] });
  return revision;
}
