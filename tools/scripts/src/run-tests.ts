// `npm test`: generate the Prisma client, run lint, typecheck and every project's tests through
// Nx, then add the Vitest JSON reports up into one closing line that CI reads:
// "N passed, N failed, N skipped". A run that executed no test fails.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const workspaceRoot = path.resolve(import.meta.dirname, '../../..');
const reportsDir = path.join(workspaceRoot, '.reports', 'vitest');
const binDir = path.join(workspaceRoot, 'node_modules', '.bin');

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, {
    cwd: workspaceRoot,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env['PATH'] ?? ''}`, NX_DAEMON: 'false' },
  });
  return result.status ?? 1;
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

function summarize(): { passed: number; failed: number; skipped: number } {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  let files: string[] = [];
  try {
    files = readdirSync(reportsDir).filter((name) => name.endsWith('.json'));
  } catch {
    return totals;
  }
  for (const file of files) {
    const report = JSON.parse(readFileSync(path.join(reportsDir, file), 'utf8')) as VitestJsonReport;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  return totals;
}

rmSync(reportsDir, { recursive: true, force: true });
const extraArgs = process.argv.slice(2);
let status = run(process.execPath, [path.join(workspaceRoot, 'tools/scripts/src/prisma-generate.ts')]);
if (status === 0) {
  status = run('nx', ['run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--outputStyle=stream', ...extraArgs]);
}
const totals = summarize();
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (status === 0 && totals.passed === 0) {
  console.error('No test ran: that is a failure, not a pass.');
  status = 1;
}
process.exit(status);
