// Original file: proto/orca/v1/core.proto


export interface HostIP {
  'ip'?: (string);
}

export interface HostIP__Output {
  'ip': (string);
}
