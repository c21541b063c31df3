import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The unit table is only worth having if breaking it fails the build: lint real source text as
// if it lived in a unit, and check the boundary rule's verdict.

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: workspaceRoot });

async function problemsOf(rule: string, filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(workspaceRoot, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === rule).map((message) => message.message);
}

function boundaryProblems(filePath: string, source: string): Promise<string[]> {
  return problemsOf('@nx/enforce-module-boundaries', filePath, source);
}

describe('module boundaries', () => {
  it('let the bot use contracts, slack-ui and api-client', async () => {
    const source = "import { InputError } from '@trainops/contracts';\nimport { buildErrorMessage } from '@trainops/slack-ui';\nexport const used = [InputError, buildErrorMessage];\n";
    expect(await boundaryProblems('apps/bot/src/boundary-check.ts', source)).toEqual([]);
  });

  it('refuse the bot reaching the database', async () => {
    const source = "import { createDatabase } from '@trainops/db';\nexport const used = createDatabase;\n";
    expect(await boundaryProblems('apps/bot/src/boundary-check.ts', source)).toEqual([
      expect.stringContaining('A project tagged with "scope:bot" can only depend on libs tagged with'),
    ]);
  });

  it('refuse a lib importing an app, and contracts importing any other unit', async () => {
    expect(await boundaryProblems('libs/projects/src/boundary-check.ts', "import { buildApp } from '@trainops/api';\nexport const used = buildApp;\n")).not.toEqual([]);
    expect(await boundaryProblems('libs/contracts/src/boundary-check.ts', "import { parseProjectConfig } from '@trainops/projects';\nexport const used = parseProjectConfig;\n")).not.toEqual([]);
  });

  it('keep stand-ins out of production code but let tests start them', async () => {
    const source = "import { startS3Emulator } from '@trainops/s3-emulator';\nexport const used = startS3Emulator;\n";
    expect(await boundaryProblems('apps/api/src/boundary-check.ts', source)).not.toEqual([]);
    expect(await boundaryProblems('apps/api/src/boundary-check.spec.ts', source)).toEqual([]);
  });

  it("keep units' test entries (`@trainops/<unit>/testing`) out of production code but let tests use them", async () => {
    const source = "import { buildRunFixture } from '@trainops/contracts/testing';\nexport const used = buildRunFixture;\n";
    expect(await problemsOf('no-restricted-imports', 'libs/slack-ui/src/boundary-check.ts', source)).toEqual([
      expect.stringContaining('Test helpers are for tests'),
    ]);
    expect(await problemsOf('no-restricted-imports', 'libs/slack-ui/src/boundary-check.spec.ts', source)).toEqual([]);
    expect(await problemsOf('no-restricted-imports', 'libs/slack-ui/src/test-support/boundary-check.ts', source)).toEqual([]);
  });
});
