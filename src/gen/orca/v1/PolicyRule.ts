// Original file: proto/orca/v1/rbac.proto


export interface PolicyRule {
  'verbs'?: (string)[];
  'apiGroups'?: (string)[];
  'resources'?: (string)[];
  'resourceNames'?: (string)[];
  'nonResourceUrls'?: (string)[];
}

export interface PolicyRule__Output {
  'verbs': (string)[];
  'apiGroups': (string)[];
  'resources': (string)[];
  'resourceNames': (string)[];
  'nonResourceUrls': (string)[];
}
