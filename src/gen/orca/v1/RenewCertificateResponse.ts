// Original file: proto/orca/v1/services.proto


export interface RenewCertificateResponse {
  'certificatePem'?: (string);
}

export interface RenewCertificateResponse__Output {
  'certificatePem': (string);
}
