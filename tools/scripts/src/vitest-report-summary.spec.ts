import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatTestTotals, summarizeVitestReports } from './vitest-report-summary.ts';

describe('the test summary', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'trainops-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('adds up every project report, counting todo as skipped', async () => {
    await writeFile(path.join(dir, 'api.json'), JSON.stringify({ numPassedTests: 10, numFailedTests: 1, numPendingTests: 2, numTodoTests: 0 }));
    await writeFile(path.join(dir, 'bot.json'), JSON.stringify({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 0, numTodoTests: 1 }));
    await writeFile(path.join(dir, 'notes.txt'), 'not a report');
    const totals = summarizeVitestReports(dir);
    expect(totals).toEqual({ passed: 15, failed: 1, skipped: 3 });
    expect(formatTestTotals(totals)).toBe('tests: 15 passed, 1 failed, 3 skipped');
  });

  it('counts nothing when no project reported', () => {
    expect(summarizeVitestReports(path.join(dir, 'missing'))).toEqual({ passed: 0, failed: 0, skipped: 0 });
  });
});
