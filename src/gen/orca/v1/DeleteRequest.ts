// Original file: proto/orca/v1/services.proto


export interface DeleteRequest {
  'kind'?: (string);
  'namespace'?: (string);
  'name'?: (string);
  'resourceVersion'?: (string);
  'uid'?: (string);
  'propagationPolicy'?: (string);
  'gracePeriodSeconds'?: (number);
  '_gracePeriodSeconds'?: "gracePeriodSeconds";
}

export interface DeleteRequest__Output {
  'kind': (string);
  'namespace': (string);
  'name': (string);
  'resourceVersion': (string);
  'uid': (string);
  'propagationPolicy': (string);
  'gracePeriodSeconds'?: (number);
  '_gracePeriodSeconds'?: "gracePeriodSeconds";
}
