// Lint rules of the house (STYLE.md). Boundaries between components are
// enforced here with no-restricted-imports, per folder, as ARCHITECTURE.md draws them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';

/** Import patterns that a folder may not use, so its boundary holds. */
function forbid(files, patterns, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'src/gen/**', '.orca/**', 'cluster-test/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  comments.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly' },
    },
    rules: {
      // `any` only with a disable comment that says why (require-description).
      '@typescript-eslint/no-explicit-any': 'error',
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@eslint-community/eslint-comments/no-unused-disable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  forbid(['src/raft/**'], ['../*', '!../gen/raft/*', '!../gen/raft/**'],
    'src/raft is self-contained: it may import only its own files and its generated wire types (src/gen/raft).'),
  forbid(['src/api/**'], ['../raft/*', '../state/*', '../master/*', '../client/*', '../scheduler/*', '../controllers/*', '../worker/*', '../cli/*', '../ui/*', '../../cmd/*'],
    'src/api may import only generated code.'),
  forbid(['src/state/**'], ['../master/*', '../client/*', '../scheduler/*', '../controllers/*', '../worker/*', '../cli/*', '../ui/*', '../../cmd/*'],
    'src/state may import only api and raft.'),
  forbid(['src/client/**'], ['../raft/*', '../state/*', '../master/*', '../scheduler/*', '../controllers/*', '../worker/*', '../cli/*', '../ui/*', '../../cmd/*'],
    'src/client may import only api.'),
  forbid(['src/scheduler/**', 'src/controllers/**'], ['../raft/*', '../state/*', '../master/*', '../worker/*', '../cli/*', '../ui/*', '../../cmd/*'],
    'the scheduler and controllers see the cluster only through the client.'),
  forbid(['src/worker/**'], ['../raft/*', '../../raft/*', '../state/*', '../../state/*', '../master/*', '../../master/*', '../scheduler/*', '../controllers/*', '../cli/*', '../ui/*'],
    'the worker is a client of the API like any other: no state, raft or master imports.'),
  forbid(['src/cli/**', 'src/ui/**'], ['../raft/*', '../state/*', '../master/*', '../scheduler/*', '../controllers/*', '../worker/*'],
    'the CLI and UI may import only api and client.'),
);
