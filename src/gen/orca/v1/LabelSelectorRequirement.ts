// Original file: proto/orca/v1/meta.proto


export interface LabelSelectorRequirement {
  'key'?: (string);
  'operator'?: (string);
  'values'?: (string)[];
}

export interface LabelSelectorRequirement__Output {
  'key': (string);
  'operator': (string);
  'values': (string)[];
}
