/** Stored objects on their way out: Secrets opened, then wrapped in the gRPC `Object` envelope. */
import { objectToWire, type OrcaObject } from '../api/index.js';
import type { Object as WireObject } from '../gen/orca/v1/Object.js';
import type { JsonObject } from '../state/index.js';
import type { SecretCipher } from './secret-cipher.js';

export function storedToWire(object: JsonObject, cipher: SecretCipher): WireObject {
  return objectToWire(cipher.openObject(object) as unknown as OrcaObject);
}
