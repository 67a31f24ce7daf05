// Original file: proto/orca/v1/worker.proto

export const PodStreamChannel = {
  POD_STREAM_CHANNEL_STDIN: 'POD_STREAM_CHANNEL_STDIN',
  POD_STREAM_CHANNEL_STDOUT: 'POD_STREAM_CHANNEL_STDOUT',
  POD_STREAM_CHANNEL_STDERR: 'POD_STREAM_CHANNEL_STDERR',
} as const;

export type PodStreamChannel =
  | 'POD_STREAM_CHANNEL_STDIN'
  | 0
  | 'POD_STREAM_CHANNEL_STDOUT'
  | 1
  | 'POD_STREAM_CHANNEL_STDERR'
  | 2

export type PodStreamChannel__Output = typeof PodStreamChannel[keyof typeof PodStreamChannel]
