// Original file: proto/orca/v1/services.proto


export interface AccessReviewRequest {
  'verb'?: (string);
  'resource'?: (string);
  'namespace'?: (string);
  'name'?: (string);
}

export interface AccessReviewRequest__Output {
  'verb': (string);
  'resource': (string);
  'namespace': (string);
  'name': (string);
}
