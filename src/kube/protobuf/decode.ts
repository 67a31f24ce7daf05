/**
 * A Kubernetes protobuf request body to the Kubernetes JSON object it stands
 * for. The body is the 4 bytes `k8s\0` and a runtime.Unknown: typeMeta
 * (apiVersion, kind) names the message that `raw` holds; contentEncoding is
 * empty (no compression) and contentType empty or protobuf. The object comes
 * back with apiVersion and kind first, as the same client would send in JSON.
 */
import { newContext, type UnknownField } from './decode-context.js';
import { decodeMessage } from './decode-message.js';
import { validateProtobufLimits, type ProtobufLimits } from './limits.js';
import { messagePlan } from './message-plan.js';
import { KubernetesProtobufError, ProtobufErrorCode } from './protobuf-error.js';
import { utf8 } from './scalars.js';
import { lookupMessage, messageForKind, unknownMessage } from './schema.js';
import { readRawFields } from './special-types.js';

export const kubernetesProtobufMediaType = 'application/vnd.kubernetes.protobuf';

const magic = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** Whether a Content-Type header is Kubernetes protobuf (parameters after `;` are ignored). */
export function isKubernetesProtobuf(contentType: string): boolean {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase() === kubernetesProtobufMediaType;
}

export interface DecodedProtobuf {
  readonly object: Record<string, unknown>;
  /** Field numbers the schemas do not know, skipped (kube-apiserver skips them too); for warnings. */
  readonly unknownFields: readonly UnknownField[];
}

interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Uint8Array;
}

function text(value: bigint | Uint8Array | undefined): string {
  return value instanceof Uint8Array ? utf8(value) : '';
}

function readEnvelope(bytes: Uint8Array): Envelope {
  const unknown = messagePlan(lookupMessage(unknownMessage));
  const fields = readRawFields(unknown, bytes, '');
  const typeMetaBytes = fields.get('typeMeta');
  const typeMetaPlan = messagePlan(lookupMessage('k8s.io.apimachinery.pkg.runtime.TypeMeta'));
  const typeMeta = readRawFields(
    typeMetaPlan,
    typeMetaBytes instanceof Uint8Array ? typeMetaBytes : new Uint8Array(),
    '',
  );
  const contentEncoding = text(fields.get('contentEncoding'));
  if (contentEncoding !== '')
    throw new KubernetesProtobufError(
      ProtobufErrorCode.unsupportedEncoding,
      `the protobuf body is encoded as "${contentEncoding}"; only uncompressed bodies are decoded`,
    );
  const contentType = text(fields.get('contentType'));
  if (contentType !== '' && !isKubernetesProtobuf(contentType))
    throw new KubernetesProtobufError(
      ProtobufErrorCode.unsupportedEncoding,
      `the protobuf envelope holds "${contentType}"; only ${kubernetesProtobufMediaType} is decoded`,
    );
  const raw = fields.get('raw');
  return {
    apiVersion: text(typeMeta.get('apiVersion')),
    kind: text(typeMeta.get('kind')),
    raw: raw instanceof Uint8Array ? raw : new Uint8Array(),
  };
}

/** The object and the unknown fields skipped on the way; throws KubernetesProtobufError. */
export function decodeKubernetesProtobufDetailed(body: Uint8Array, limits?: Partial<ProtobufLimits>): DecodedProtobuf {
  const checked = validateProtobufLimits(limits);
  if (body.length > checked.bodyBytesMax)
    throw new KubernetesProtobufError(
      ProtobufErrorCode.tooLarge,
      `the protobuf body is ${body.length} bytes, more than the limit of ${checked.bodyBytesMax}`,
    );
  if (body.length < magic.length || magic.some((byte, index) => body[index] !== byte))
    throw new KubernetesProtobufError(
      ProtobufErrorCode.notProtobuf,
      `the body is not Kubernetes protobuf: it does not start with the bytes "k8s\\0"`,
    );
  const envelope = readEnvelope(body.subarray(magic.length));
  if (envelope.apiVersion === '' || envelope.kind === '')
    throw new KubernetesProtobufError(
      ProtobufErrorCode.unsupportedKind,
      'the protobuf envelope names no apiVersion and kind, so its object cannot be decoded',
    );
  const type = messageForKind(envelope.apiVersion, envelope.kind);
  if (type === undefined)
    throw new KubernetesProtobufError(
      ProtobufErrorCode.unsupportedKind,
      `there is no protobuf schema for kind ${envelope.kind} of ${envelope.apiVersion}: send it as application/json`,
    );
  const context = newContext(checked);
  const fields = decodeMessage(type, envelope.raw, context, '', 1);
  return {
    object: { apiVersion: envelope.apiVersion, kind: envelope.kind, ...fields },
    unknownFields: context.unknownFields,
  };
}

/** The Kubernetes JSON object a protobuf body stands for; throws KubernetesProtobufError. */
export function decodeKubernetesProtobuf(body: Uint8Array, limits?: Partial<ProtobufLimits>): Record<string, unknown> {
  return decodeKubernetesProtobufDetailed(body, limits).object;
}
