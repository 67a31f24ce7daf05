/** The orca.v1 gRPC services, loaded once per process with the options the generated types assume. */
import { loadProtoPackage } from '../gen/loader.js';
import type { ProtoGrpcType as ServicesProto } from '../gen/services.js';
import type { ProtoGrpcType as VersionProto } from '../gen/version.js';

let services: ServicesProto['orca']['v1'] | undefined;
let version: VersionProto['orca']['v1'] | undefined;

export function servicesWire(): ServicesProto['orca']['v1'] {
  services ??= (loadProtoPackage('orca/v1/services.proto') as unknown as ServicesProto).orca.v1;
  return services;
}

export function versionWire(): VersionProto['orca']['v1'] {
  version ??= (loadProtoPackage('orca/v1/version.proto') as unknown as VersionProto).orca.v1;
  return version;
}
