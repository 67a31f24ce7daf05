// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';

export interface Secret {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'data'?: ({[key: string]: string});
  'type'?: (string);
  'immutable'?: (boolean);
  'stringData'?: ({[key: string]: string});
  '_immutable'?: "immutable";
}

export interface Secret__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'data': ({[key: string]: string});
  'type': (string);
  'immutable'?: (boolean);
  'stringData': ({[key: string]: string});
  '_immutable'?: "immutable";
}
