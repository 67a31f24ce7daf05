// Original file: proto/raft/v1/raft.proto

export const EntryType = {
  ENTRY_TYPE_UNSPECIFIED: 'ENTRY_TYPE_UNSPECIFIED',
  ENTRY_TYPE_COMMAND: 'ENTRY_TYPE_COMMAND',
  ENTRY_TYPE_NOOP: 'ENTRY_TYPE_NOOP',
  ENTRY_TYPE_CONFIGURATION: 'ENTRY_TYPE_CONFIGURATION',
} as const;

export type EntryType =
  | 'ENTRY_TYPE_UNSPECIFIED'
  | 0
  | 'ENTRY_TYPE_COMMAND'
  | 1
  | 'ENTRY_TYPE_NOOP'
  | 2
  | 'ENTRY_TYPE_CONFIGURATION'
  | 3

export type EntryType__Output = typeof EntryType[keyof typeof EntryType]
