/**
 * The client config file every client verb reads (`{"servers": [...]}`), written
 * by `orca up` and `orca master --bootstrap`: one place for its path and its
 * atomic write, shared by the CLI and the master.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `$ORCA_CONFIG`, else `~/.orca/config`. */
export function clientConfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const fromEnv = env['ORCA_CONFIG'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(home, '.orca', 'config');
}

/** Atomically (temp file + rename), readable by the user only, creating its folder. */
export function writeClientConfig(path: string, servers: readonly string[]): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ servers }, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, path);
}
