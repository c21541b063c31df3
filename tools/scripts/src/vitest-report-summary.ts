import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface TestTotals {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

/** Adds up every project's Vitest JSON report in `dir` (none yet → all zero). */
export function summarizeVitestReports(dir: string): TestTotals {
  const totals: TestTotals = { passed: 0, failed: 0, skipped: 0 };
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return totals;
  }
  for (const file of files) {
    const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as VitestJsonReport;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  return totals;
}

/** The closing line CI reads. */
export function formatTestTotals(totals: TestTotals): string {
  return `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
}
