/**
 * The house assertion (STYLE.md rule 6: assertions stay on): a broken
 * invariant is a programmer error, never handled, so it throws an
 * AssertionError that names the component. raft-ts keeps its own copy
 * (src/raft/errors.ts): it imports nothing from the rest of the project.
 */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

/** `assertIn('state')` gives the state machine's assert: `state invariant violated: …`. */
export function assertIn(component: string): (condition: unknown, message: string) => asserts condition {
  return (condition: unknown, message: string): asserts condition => {
    if (!condition) throw new AssertionError(`${component} invariant violated: ${message}`);
  };
}
