// Original file: proto/orca/v1/worker.proto


export interface ExecOutput {
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'exited'?: (boolean);
  'exitCode'?: (number);
}

export interface ExecOutput__Output {
  'stdout': (Buffer);
  'stderr': (Buffer);
  'exited': (boolean);
  'exitCode': (number);
}
