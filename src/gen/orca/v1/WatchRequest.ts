// Original file: proto/orca/v1/services.proto


export interface WatchRequest {
  'kind'?: (string);
  'namespace'?: (string);
  'labelSelector'?: (string);
  'fieldSelector'?: (string);
  'resourceVersion'?: (string);
  'allowBookmarks'?: (boolean);
  'batchEvents'?: (boolean);
}

export interface WatchRequest__Output {
  'kind': (string);
  'namespace': (string);
  'labelSelector': (string);
  'fieldSelector': (string);
  'resourceVersion': (string);
  'allowBookmarks': (boolean);
  'batchEvents': (boolean);
}
