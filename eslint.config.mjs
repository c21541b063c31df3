// One lint config for the whole workspace. Module boundaries follow the unit table in
// docs/architecture.md (from DESIGN.md): a violation is an error, and `npm test` runs lint.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const unit = (name, ...mayImport) => ({
  sourceTag: `scope:${name}`,
  onlyDependOnLibsWithTags: mayImport.map((dep) => `scope:${dep}`),
});

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
          depConstraints: [
            // Kinds of project: apps never import apps; libs import only libs; tools and the
            // cross-app suites may use anything, but nothing imports them.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'] },
            // Units and whom they may use (DESIGN.md, "Units and who may use whom").
            unit('contracts'),
            unit('projects', 'contracts'),
            unit('workflows', 'contracts', 'projects'),
            unit('artifacts', 'contracts'),
            unit('db', 'contracts'),
            unit('slack-ui', 'contracts'),
            unit('api-client', 'contracts'),
            unit('bot', 'contracts', 'slack-ui', 'api-client'),
            unit('api', 'contracts', 'projects', 'workflows', 'artifacts', 'db', 'slack-ui'),
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (docs/architecture.md).' },
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
