// Between model objects and the generated gRPC types of the `Object` envelope.
// Going out, a model object is already a valid message; coming in, a decoded
// message has every unset scalar filled with its zero value and every unset
// message as null, which the model leaves out.
import type { Object as WireObject, Object__Output as WireObjectOutput } from '../gen/orca/v1/Object.js';
import { encodeMessage } from './codec.js';
import { ApiError } from './errors.js';
import { kindInfo, kinds } from './kinds.js';
import type { OrcaObject } from './model.js';

type ObjectField = NonNullable<WireObject['kind']>;

/** The envelope for one object: the oneof field named by the registry. */
export function objectToWire(object: OrcaObject): WireObject {
  const info = kindInfo(object.kind);
  if (info === undefined) throw new ApiError('unknown-kind', `unknown kind "${String(object.kind)}"`);
  return { [info.objectField as ObjectField]: object };
}

/** The model object inside a received envelope, with zero values and nulls dropped and apiVersion/kind filled in. */
export function objectFromWire(envelope: WireObjectOutput): OrcaObject {
  const info = kinds.find((entry) => entry.objectField === envelope.kind);
  const message: unknown = info === undefined ? undefined : envelope[info.objectField as ObjectField];
  if (info === undefined || typeof message !== 'object' || message === null)
    throw new ApiError('unknown-kind', 'the object envelope carries no object');
  const normalized = encodeMessage(message, info.messageName, { kubernetes: false });
  return { ...normalized, apiVersion: info.apiVersion, kind: info.kind } as unknown as OrcaObject;
}
