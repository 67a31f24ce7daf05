// Original file: proto/orca/v1/object.proto

import type { ListMeta as _orca_v1_ListMeta, ListMeta__Output as _orca_v1_ListMeta__Output } from '../../orca/v1/ListMeta.js';
import type { Object as _orca_v1_Object, Object__Output as _orca_v1_Object__Output } from '../../orca/v1/Object.js';

export interface ObjectList {
  'metadata'?: (_orca_v1_ListMeta | null);
  'items'?: (_orca_v1_Object)[];
}

export interface ObjectList__Output {
  'metadata': (_orca_v1_ListMeta__Output | null);
  'items': (_orca_v1_Object__Output)[];
}
