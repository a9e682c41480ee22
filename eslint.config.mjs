// ESLint flat config (`npm run lint`). Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier, last,
// turns off every rule that would disagree with it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'test-output/', '.bench/', 'data/'] },

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A `let` declared before a callback that reads it and assigned once the callback's owner exists (a server
      // handler that needs the server's wrapper) cannot be a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Deliberate: XML 1.0 character ranges, NUL stripping and ANSI colour codes are matched by regexes whose whole
      // point is a control character.
      'no-control-regex': 'off',
      // `_`-prefixed names mark a deliberately unused parameter or a property left out of a rest (`{ secret: _, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Type-aware rules, only the ones about promises and thrown values: a message is acked only after its outbox row
  // committed, so a promise nobody awaits is a lost message or an unhandled rejection that ends the process. The
  // rest of recommendedTypeChecked (no-unsafe-* on `any` from JSON.parse, amqplib and pg rows: ~440 hits) would
  // flag values the code validates at run time anyway.
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // Passing on a caught `unknown` as it is stays allowed (as only-throw-error allows it by default).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },

  // Services log through the runtime's logger (structured JSON, trace ids), never console. The simulators, the
  // operators' CLI and the launcher talk to the person running them.
  {
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: [
      'apps/sim-*/**',
      'apps/launcher/**',
      'apps/console/src/cli*.ts',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.bench.ts',
      '**/testing/**',
    ],
    rules: { 'no-console': 'error' },
  },

  // The console's browser code: plain ES modules served as they are.
  { files: ['apps/console/public/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'module' } },
  // Tool configuration files in CommonJS.
  {
    files: ['*.js', '**/jest.config.js'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  prettier,
);
