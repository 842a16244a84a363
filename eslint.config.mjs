// Lint for the TypeScript sources. Besides typescript-eslint's recommended rules it enforces the layer
// boundaries of docs/architecture.md: what each folder may import is checked here, so a Node import in the
// core or a parser import in the client fails `npm test`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'events',
  'fs',
  'fs/promises',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'stream',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

/** `no-restricted-imports` patterns shared by the layers that must stay host-neutral. */
const hostNeutral = [
  { group: ['node:*', ...NODE_BUILTINS], message: 'core is host-neutral: put Node code in host-node/ behind an interface' },
  { group: ['vscode', 'vscode-*'], message: 'core knows nothing of VS Code or LSP' },
  {
    group: ['onnxruntime-node', 'onnxruntime-web'],
    allowTypeImports: true,
    message: 'core reaches onnxruntime only through an injected backend (type imports are fine)',
  },
  {
    group: ['**/server/src/**', '**/client/src/**', '**/cli/src/**', '**/webview/src/**', '**/host-node/**', '**/package.json'],
    message: 'core imports only core',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-output/**', 'tests/fixtures/**', 'training/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The code uses `_name` for deliberately unused parameters (interfaces implemented partly).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Functions of the sources stay short enough to read at once (tests and benchmarks are left out: a
    // describe block is as long as the cases it holds).
    files: ['core/src/**/*.ts', 'server/src/**/*.ts', 'client/src/**/*.ts', 'cli/src/**/*.ts', 'webview/src/**/*.ts', 'host-node/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['core/src/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: hostNeutral }] },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/src/**'],
              message: 'the client talks to the server over LSP only (core/src/protocol declares the messages)',
            },
            {
              group: ['**/core/src/dsl/**', '**/core/src/language/**', '**/core/src/rules/**'],
              message: 'the client never parses or checks documents: ask the server',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webview/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'vscode', 'vscode-*'], message: 'the webview only draws typed messages' },
            { group: ['**/server/src/**', '**/client/src/**', '**/host-node/**'], message: 'the webview only draws typed messages' },
            {
              group: ['**/core/src/dsl/parser', '**/core/src/rules/**', '**/core/src/language/**', '**/core/src/trm/engine'],
              message: 'the webview never parses, checks or solves: the server sends what to draw',
            },
          ],
        },
      ],
    },
  },
);
