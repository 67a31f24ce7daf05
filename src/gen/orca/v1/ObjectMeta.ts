// Original file: proto/orca/v1/meta.proto

import type { OwnerReference as _orca_v1_OwnerReference, OwnerReference__Output as _orca_v1_OwnerReference__Output } from '../../orca/v1/OwnerReference.js';
import type { ManagedFieldsEntry as _orca_v1_ManagedFieldsEntry, ManagedFieldsEntry__Output as _orca_v1_ManagedFieldsEntry__Output } from '../../orca/v1/ManagedFieldsEntry.js';
import type { Long } from '@grpc/proto-loader';

export interface ObjectMeta {
  'name'?: (string);
  'generateName'?: (string);
  'namespace'?: (string);
  'uid'?: (string);
  'resourceVersion'?: (string);
  'generation'?: (number | string | Long);
  'labels'?: ({[key: string]: string});
  'annotations'?: ({[key: string]: string});
  'ownerReferences'?: (_orca_v1_OwnerReference)[];
  'finalizers'?: (string)[];
  'creationTimestamp'?: (string);
  'deletionTimestamp'?: (string);
  'deletionGracePeriodSeconds'?: (number | string | Long);
  'managedFields'?: (_orca_v1_ManagedFieldsEntry)[];
  '_deletionGracePeriodSeconds'?: "deletionGracePeriodSeconds";
}

export interface ObjectMeta__Output {
  'name': (string);
  'generateName': (string);
  'namespace': (string);
  'uid': (string);
  'resourceVersion': (string);
  'generation': (number);
  'labels': ({[key: string]: string});
  'annotations': ({[key: string]: string});
  'ownerReferences': (_orca_v1_OwnerReference__Output)[];
  'finalizers': (string)[];
  'creationTimestamp': (string);
  'deletionTimestamp': (string);
  'deletionGracePeriodSeconds'?: (number);
  'managedFields': (_orca_v1_ManagedFieldsEntry__Output)[];
  '_deletionGracePeriodSeconds'?: "deletionGracePeriodSeconds";
}
