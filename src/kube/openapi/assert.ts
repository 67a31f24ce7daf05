import { assertIn } from '../../assert.js';

/** The folder's assertion: a broken invariant of the documents is a programmer error (`openapi invariant violated: …`). */
export const assert: (condition: unknown, message: string) => asserts condition = assertIn('openapi');
