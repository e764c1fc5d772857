import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.kafka/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Apps are thin shells: what two of them need lives in a lib, never in another app.
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/ledger-api/**',
                '**/ledger-cli/**',
                '**/projector/**',
                '**/insurer-example/**',
                '**/dashboard/src/**',
              ],
              message: 'an app never imports another app: move what they share into libs/',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**'], message: 'libs and benches never import an app' }] },
      ],
    },
  },
  {
    // libs/domain stays pure: no Nest, no I/O, no clock.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '@nestjs/*',
            'fs',
            'node:fs',
            'better-sqlite3',
            'kafkajs',
            'http',
            'node:http',
            'node:crypto',
            'crypto',
            '**/apps/**',
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'libs/domain has no clock: pass time in.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'libs/domain has no clock: pass time in.',
        },
      ],
    },
  },
  {
    // The dashboard runs in the browser: text goes into text nodes only (no HTML from strings),
    // and the bundle carries no server code (it reads the API; test/browser/api-types.check.ts
    // keeps its types honest).
    files: ['apps/dashboard/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ledger/*', 'node:*', '**/libs/**', '**/ledger-api/**', '**/ledger-cli/**'],
              message: 'the dashboard bundle imports no server code: it reads the API',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln'].map((property) => ({
          property,
          message: 'no HTML from strings: build elements with h() (apps/dashboard/src/dom.ts)',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='setAttribute'][arguments.0.value=/^on|^style$/i]",
          message: 'no inline handlers or styles: the Content-Security-Policy refuses them',
        },
      ],
    },
  },
);
