// Shared Vitest settings for every project. Each project's vitest.config.ts calls this so all
// suites report the same way: the console, plus a JSON file that tools/scripts/run-tests.ts adds
// up into the one closing line CI reads ("N passed, N failed, N skipped").
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const workspaceRoot = path.dirname(new URL(import.meta.url).pathname);

export function defineProjectTestConfig(projectName: string, overrides: { testTimeout?: number; fileParallelism?: boolean } = {}) {
  return defineConfig({
    test: {
      name: projectName,
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: 60_000,
      fileParallelism: overrides.fileParallelism ?? true,
      reporters: [
        'default',
        ['json', { outputFile: path.join(workspaceRoot, '.reports', 'vitest', `${projectName}.json`) }],
      ],
    },
  });
}
