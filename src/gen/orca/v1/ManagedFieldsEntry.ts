// Original file: proto/orca/v1/meta.proto


export interface ManagedFieldsEntry {
  'manager'?: (string);
  'operation'?: (string);
  'apiVersion'?: (string);
  'time'?: (string);
  'fieldsType'?: (string);
  'fieldsV1'?: (string);
  'subresource'?: (string);
}

export interface ManagedFieldsEntry__Output {
  'manager': (string);
  'operation': (string);
  'apiVersion': (string);
  'time': (string);
  'fieldsType': (string);
  'fieldsV1': (string);
  'subresource': (string);
}
