// Original file: proto/orca/v1/core.proto


export interface KeyToPath {
  'key'?: (string);
  'path'?: (string);
  'mode'?: (number);
  '_mode'?: "mode";
}

export interface KeyToPath__Output {
  'key': (string);
  'path': (string);
  'mode'?: (number);
  '_mode'?: "mode";
}
