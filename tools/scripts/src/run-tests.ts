// `npm test`: generate the Prisma client, run lint, typecheck and every project's tests through
// Nx, then add the Vitest JSON reports up into one closing line that CI reads:
// "N passed, N failed, N skipped". A run that executed no test fails.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { formatTestTotals, summarizeVitestReports } from './vitest-report-summary.ts';

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

rmSync(reportsDir, { recursive: true, force: true });
const extraArgs = process.argv.slice(2);
let status = run(process.execPath, [path.join(workspaceRoot, 'tools/scripts/src/prisma-generate.ts')]);
if (status === 0) {
  status = run('nx', ['run-many', '-t', 'lint', 'typecheck', 'test', '--parallel=2', '--outputStyle=stream', ...extraArgs]);
}
const totals = summarizeVitestReports(reportsDir);
console.log(`\n${formatTestTotals(totals)}`);
if (status === 0 && totals.passed === 0) {
  console.error('No test ran: that is a failure, not a pass.');
  status = 1;
}
process.exit(status);
