// Original file: proto/orca/v1/services.proto


export interface RenewCertificateRequest {
  'csrPem'?: (string);
}

export interface RenewCertificateRequest__Output {
  'csrPem': (string);
}
