/**
 * The fields an update may not change (a binding's roleRef, ...), checked as the
 * update applies, against the object it replaces. The rules are the object
 * model's (validateObjectUpdate); they run here because only the state machine
 * knows the stored object for certain, so two updates in flight cannot both
 * pass against a stale copy. Pure, like every rule the state machine applies.
 */
import { renderFieldError, validateObjectUpdate, type OrcaObject } from '../api/index.js';
import type { JsonObject } from './json.js';
import { StateError } from './state-error.js';

export function checkUpdateAllowed(stored: JsonObject, given: JsonObject): void {
  // stored and given objects are model objects in their JSON form (validated before they were proposed)
  const errors = validateObjectUpdate(given as unknown as OrcaObject, stored as unknown as OrcaObject);
  if (errors.length > 0) throw new StateError('invalid', errors.map(renderFieldError).join('; '));
}
