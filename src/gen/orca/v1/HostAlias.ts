// Original file: proto/orca/v1/core.proto


export interface HostAlias {
  'ip'?: (string);
  'hostnames'?: (string)[];
}

export interface HostAlias__Output {
  'ip': (string);
  'hostnames': (string)[];
}
