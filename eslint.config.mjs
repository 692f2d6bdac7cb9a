import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscodePath = {
  name: 'vscode',
  message: 'src/core, src/shared and src/webview stay editor-free: move this to src/features or src/host.',
};
// A repository chooses its own .git/config: git runs only through src/core/git/run.ts, which names the
// repository explicitly and turns off every setting that would run the repository's commands.
const noChildProcessPaths = ['child_process', 'node:child_process'].map((name) => ({
  name,
  message: 'Run git through src/core/git/run.ts (runGit, spawnGit); no other process is started from src.',
}));
const restricted = (...paths) => ({ 'no-restricted-imports': ['error', { paths }] });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '*.vsix', 'test-results/**', '.vscode-test/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  { files: ['src/**/*.ts'], rules: restricted(...noChildProcessPaths) },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: restricted(noVscodePath, ...noChildProcessPaths),
  },
  { files: ['src/core/git/run.ts'], rules: restricted(noVscodePath) },
  {
    // Prettier's print width, also for the strings and comments it does not wrap; files stay short.
    files: ['src/**/*.ts'],
    rules: {
      'max-len': ['error', { code: 120, tabWidth: 2 }],
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
