// Original file: proto/orca/v1/worker.proto

export const PodStreamKind = {
  POD_STREAM_KIND_UNSPECIFIED: 'POD_STREAM_KIND_UNSPECIFIED',
  POD_STREAM_KIND_EXEC: 'POD_STREAM_KIND_EXEC',
  POD_STREAM_KIND_ATTACH: 'POD_STREAM_KIND_ATTACH',
  POD_STREAM_KIND_PORT_FORWARD: 'POD_STREAM_KIND_PORT_FORWARD',
} as const;

export type PodStreamKind =
  | 'POD_STREAM_KIND_UNSPECIFIED'
  | 0
  | 'POD_STREAM_KIND_EXEC'
  | 1
  | 'POD_STREAM_KIND_ATTACH'
  | 2
  | 'POD_STREAM_KIND_PORT_FORWARD'
  | 3

export type PodStreamKind__Output = typeof PodStreamKind[keyof typeof PodStreamKind]
