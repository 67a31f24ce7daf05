/**
 * Writes a set of files into a folder so that readers see either the old set or
 * the new one, never a mix (the kubelet's AtomicWriter): the files go into a
 * fresh hidden folder, `..data` is switched to it by a rename of a symlink, and
 * each top-level name is a symlink through `..data`.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { WorkerError, WorkerErrorCode } from '../worker-error.js';

export interface FileContent {
  readonly data: Buffer;
  readonly mode: number;
}

/** Files of one projected volume, at most; bytes of them, at most (Kubernetes caps ConfigMaps at 1 MiB). */
const filesMax = 1_000;
const bytesMax = 4 * 1024 * 1024;
const dataLink = '..data';

function checkPath(path: string): void {
  const normal = normalize(path);
  if (
    path === '' ||
    normal.startsWith('..') ||
    normal.startsWith(sep) ||
    normal.split(sep).some((part) => part.startsWith('..'))
  ) {
    throw new WorkerError(WorkerErrorCode.volume, `file path "${path}" must be relative and must not contain ".."`);
  }
}

/** True when `dir` already holds exactly `files`. */
function unchanged(dir: string, files: ReadonlyMap<string, FileContent>): boolean {
  if (!existsSync(join(dir, dataLink))) return false;
  const current = join(dir, dataLink);
  for (const [path, content] of files) {
    const file = join(current, path);
    if (
      !existsSync(file) ||
      !readFileSync(file).equals(content.data) ||
      (lstatSync(file).mode & 0o777) !== content.mode
    )
      return false;
  }
  const topNames = new Set([...files.keys()].map((path) => path.split('/')[0]));
  return readdirSync(dir)
    .filter((name) => !name.startsWith('..'))
    .every((name) => topNames.has(name));
}

/** Returns true when the folder changed. */
export function writeAtomically(dir: string, files: ReadonlyMap<string, FileContent>, nowMs: number): boolean {
  if (files.size > filesMax) throw new WorkerError(WorkerErrorCode.volume, `at most ${filesMax} files in a volume`);
  let total = 0;
  for (const [path, content] of files) {
    checkPath(path);
    total += content.data.length;
  }
  if (total > bytesMax) throw new WorkerError(WorkerErrorCode.volume, `at most ${bytesMax} bytes in a volume`);
  mkdirSync(dir, { recursive: true });
  if (unchanged(dir, files)) return false;
  const version = `..${new Date(nowMs).toISOString().replace(/[:.]/g, '_')}.${process.pid}.${Math.floor(nowMs % 1000)}`;
  const versionDir = join(dir, version);
  rmSync(versionDir, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(versionDir, path)), { recursive: true });
    writeFileSync(join(versionDir, path), content.data, { mode: content.mode });
  }
  const previous = existsSync(join(dir, dataLink)) ? readlinkSync(join(dir, dataLink)) : undefined;
  const temporary = join(dir, '..data_tmp');
  rmSync(temporary, { force: true });
  symlinkSync(version, temporary);
  renameSync(temporary, join(dir, dataLink));
  const topNames = new Set([...files.keys()].map((path) => path.split('/')[0] ?? path));
  for (const name of topNames) {
    const link = join(dir, name);
    if (!existsSync(link)) symlinkSync(join(dataLink, name), link);
  }
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('..') && !topNames.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
  }
  if (previous !== undefined && previous !== version) rmSync(join(dir, previous), { recursive: true, force: true });
  return true;
}
