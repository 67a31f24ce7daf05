/**
 * Kubernetes protobuf request bodies (what kubectl's typed clients send:
 * `kubectl create deployment|configmap|secret|...`, drain's evictions) decoded
 * into the Kubernetes JSON object the REST layer already handles. Answers stay
 * JSON. The schemas are proto/kubernetes/, a wire-compatible subset of upstream.
 */
export {
  decodeKubernetesProtobuf,
  decodeKubernetesProtobufDetailed,
  isKubernetesProtobuf,
  kubernetesProtobufMediaType,
  type DecodedProtobuf,
} from './decode.js';
export type { UnknownField } from './decode-context.js';
export { defaultProtobufLimits, validateProtobufLimits, type ProtobufLimits } from './limits.js';
export { isKubernetesProtobufError, KubernetesProtobufError, ProtobufErrorCode } from './protobuf-error.js';
export { kubernetesSchema, protobufKinds } from './schema.js';
