import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

// Only these files may import 'electron': the glue between Electron and the plain-Node services.
const electronGlue = ['electron/main.ts', 'electron/preload.ts', 'electron/window.ts', 'electron/ipc/electron-ipc.ts'];

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Build and test scripts in plain JavaScript run on Node.
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: electronGlue,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only main.ts, preload.ts, window.ts and ipc/electron-ipc.ts may import 'electron'; services stay plain Node." }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through the typed API.' },
            { name: 'ssh2', message: 'SSH runs in the main process only.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins in the renderer or shared code.' })),
          ],
          patterns: [{ group: ['@azure/*'], message: 'Azure SDKs run in the main process only.' }],
        },
      ],
    },
  },
);
