/** One change to one object, as the change log keeps it and a watch delivers it. */
import type { JsonObject } from './json.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  readonly type: ChangeType;
  /** The Raft index of the entry that made the change; one entry may make several. */
  readonly revision: number;
  /** Position of the change inside its entry, from 0. */
  readonly sequence: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The object after the change; for DELETED its last state, at the deletion's revision. */
  readonly object: JsonObject;
  /** The object before the change; null for ADDED. */
  readonly previous: JsonObject | null;
}

/** A place in the change log: after (revision, sequence). */
export interface ChangePosition {
  readonly revision: number;
  readonly sequence: number;
}

export function isAfter(event: ChangePosition, position: ChangePosition): boolean {
  return (
    event.revision > position.revision || (event.revision === position.revision && event.sequence > position.sequence)
  );
}
