// Original file: proto/orca/v1/core.proto


export interface SeccompProfile {
  'type'?: (string);
  'localhostProfile'?: (string);
  '_localhostProfile'?: "localhostProfile";
}

export interface SeccompProfile__Output {
  'type': (string);
  'localhostProfile'?: (string);
  '_localhostProfile'?: "localhostProfile";
}
