// Original file: proto/raft/v1/raft.proto

export const Suffrage = {
  SUFFRAGE_UNSPECIFIED: 'SUFFRAGE_UNSPECIFIED',
  SUFFRAGE_VOTER: 'SUFFRAGE_VOTER',
  SUFFRAGE_NONVOTER: 'SUFFRAGE_NONVOTER',
} as const;

export type Suffrage =
  | 'SUFFRAGE_UNSPECIFIED'
  | 0
  | 'SUFFRAGE_VOTER'
  | 1
  | 'SUFFRAGE_NONVOTER'
  | 2

export type Suffrage__Output = typeof Suffrage[keyof typeof Suffrage]
