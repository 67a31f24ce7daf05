// Original file: proto/orca/v1/core.proto

import type { ObjectMeta as _orca_v1_ObjectMeta, ObjectMeta__Output as _orca_v1_ObjectMeta__Output } from '../../orca/v1/ObjectMeta.js';
import type { ObjectReference as _orca_v1_ObjectReference, ObjectReference__Output as _orca_v1_ObjectReference__Output } from '../../orca/v1/ObjectReference.js';
import type { EventSource as _orca_v1_EventSource, EventSource__Output as _orca_v1_EventSource__Output } from '../../orca/v1/EventSource.js';

export interface Event {
  'apiVersion'?: (string);
  'kind'?: (string);
  'metadata'?: (_orca_v1_ObjectMeta | null);
  'involvedObject'?: (_orca_v1_ObjectReference | null);
  'reason'?: (string);
  'message'?: (string);
  'source'?: (_orca_v1_EventSource | null);
  'firstTimestamp'?: (string);
  'lastTimestamp'?: (string);
  'count'?: (number);
  'type'?: (string);
  'eventTime'?: (string);
  'action'?: (string);
  'reportingComponent'?: (string);
  'reportingInstance'?: (string);
}

export interface Event__Output {
  'apiVersion': (string);
  'kind': (string);
  'metadata': (_orca_v1_ObjectMeta__Output | null);
  'involvedObject': (_orca_v1_ObjectReference__Output | null);
  'reason': (string);
  'message': (string);
  'source': (_orca_v1_EventSource__Output | null);
  'firstTimestamp': (string);
  'lastTimestamp': (string);
  'count': (number);
  'type': (string);
  'eventTime': (string);
  'action': (string);
  'reportingComponent': (string);
  'reportingInstance': (string);
}
