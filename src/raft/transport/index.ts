/** raft-ts transports: gRPC for production, in-memory for tests. */
export { GrpcTransport, type GrpcTransportOptions } from './grpc-transport.js';
export type { PeerCall } from './grpc-receiver.js';
export {
  defaultGrpcTransportLimits,
  validateGrpcTransportLimits,
  type GrpcTransportLimits,
} from './grpc-transport-limits.js';
export type { PeerStats } from './peer-connection.js';
export type { OutgoingStreamStats } from './outgoing-stream.js';
export { TransportError, isTransportError, type TransportErrorCode } from './transport-error.js';
export { MemoryNetwork, type MemoryNetworkStats } from './memory-network.js';
export { MemoryTransport, type MemoryTransportOptions } from './memory-transport.js';
