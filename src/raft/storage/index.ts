/** raft-ts stores: the log and stable state (SQLite, memory) and snapshots (files, memory). */
export {
  SqliteRaftStore,
  defaultSqliteRaftStoreOptions,
  databaseFileName,
  type SqliteRaftStoreOptions,
} from './sqlite-store.js';
export { MemoryRaftStore, emptyMemoryRaftDisk, type MemoryRaftDisk } from './memory-store.js';
export { entrySizeBytes, entryOverheadBytes } from './log-rules.js';
export { StorageError, isStorageError, type StorageErrorCode } from './storage-error.js';
export { FileSnapshotStore } from './file-snapshot-store.js';
export { MemorySnapshotStore, emptyMemorySnapshotVolume, type MemorySnapshotVolume } from './memory-snapshot-store.js';
export { defaultSnapshotStoreOptions, type SnapshotStoreOptions } from './snapshot-rules.js';
