// Original file: proto/orca/v1/core.proto


export interface PodDNSConfigOption {
  'name'?: (string);
  'value'?: (string);
  '_value'?: "value";
}

export interface PodDNSConfigOption__Output {
  'name': (string);
  'value'?: (string);
  '_value'?: "value";
}
