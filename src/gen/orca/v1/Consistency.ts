// Original file: proto/orca/v1/services.proto

export const Consistency = {
  CONSISTENCY_UNSPECIFIED: 'CONSISTENCY_UNSPECIFIED',
  CONSISTENCY_LINEARIZABLE: 'CONSISTENCY_LINEARIZABLE',
  CONSISTENCY_STALE: 'CONSISTENCY_STALE',
} as const;

export type Consistency =
  | 'CONSISTENCY_UNSPECIFIED'
  | 0
  | 'CONSISTENCY_LINEARIZABLE'
  | 1
  | 'CONSISTENCY_STALE'
  | 2

export type Consistency__Output = typeof Consistency[keyof typeof Consistency]
