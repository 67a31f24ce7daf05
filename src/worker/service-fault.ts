/** A WorkerService failure with the gRPC status it is answered with. */
import type { status } from '@grpc/grpc-js';

export class ServiceFault extends Error {
  override readonly name = 'ServiceFault';
  constructor(
    readonly grpcCode: status,
    message: string,
  ) {
    super(message);
  }
}
