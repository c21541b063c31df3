// One lint config for the whole workspace. Module boundaries follow the unit table in
// docs/architecture.md (from DESIGN.md): a violation is an error, and `npm test` runs lint.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const unit = (name, ...mayImport) => ({
  sourceTag: `scope:${name}`,
  onlyDependOnLibsWithTags: mayImport.map((dep) => `scope:${dep}`),
});

/**
 * The unit table of docs/architecture.md. Tests (`*.spec.ts`, `src/testing/`) may in addition
 * start the stand-ins in tools/, because tests talk to real servers over loopback; production
 * code never imports them.
 */
function boundaryConstraints({ forTests }) {
  const tools = forTests ? ['tools'] : [];
  const toolType = forTests ? ['type:tool'] : [];
  return [
    // Kinds of project: apps never import apps; libs import only libs; tools and the cross-app
    // suites may use anything, but nothing imports them.
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', ...toolType] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', ...toolType] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'] },
    // Units and whom they may use (DESIGN.md, "Units and who may use whom").
    unit('contracts', ...tools),
    unit('projects', 'contracts', ...tools),
    unit('workflows', 'contracts', 'projects', ...tools),
    unit('artifacts', 'contracts', ...tools),
    unit('db', 'contracts', ...tools),
    unit('slack-ui', 'contracts', ...tools),
    unit('api-client', 'contracts', ...tools),
    unit('bot', 'contracts', 'slack-ui', 'api-client', ...tools),
    unit('api', 'contracts', 'projects', 'workflows', 'artifacts', 'db', 'slack-ui', ...tools),
    { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
    { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
  ];
}

const testFiles = ['**/*.spec.ts', '**/*.bench.ts', '**/src/**/testing/**/*.ts', '**/src/**/test-support/**/*.ts'];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/src/generated/**', '**/.nx/**', '**/.reports/**'],
  },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: boundaryConstraints({ forTests: false }),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (docs/architecture.md).' },
      ],
      // A unit's `/testing` entry (fixtures, throwaway databases) is for tests, never for what ships.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@trainops/*/testing'], message: 'Test helpers are for tests (*.spec.ts, src/testing/, src/test-support/) only.' }] },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      'no-restricted-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        // Cross-app suites and benchmarks drive the apps themselves (buildBotApp, startApi).
        { enforceBuildableLibDependency: false, allow: ['@trainops/api', '@trainops/bot'], depConstraints: boundaryConstraints({ forTests: true }) },
      ],
    },
  },
  {
    // Config files of tools (vitest, prisma, eslint) must default-export.
    files: ['**/*.config.ts', '**/*.config.mjs', 'eslint.config.mjs'],
    // They are tooling, not units: they may reach the shared config at the workspace root.
    rules: { 'no-restricted-syntax': 'off', '@nx/enforce-module-boundaries': 'off' },
  },
);
