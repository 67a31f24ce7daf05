// Original file: proto/orca/v1/core.proto


export interface NodeSelectorRequirement {
  'key'?: (string);
  'operator'?: (string);
  'values'?: (string)[];
}

export interface NodeSelectorRequirement__Output {
  'key': (string);
  'operator': (string);
  'values': (string)[];
}
