import type { RunRecord } from '@trainops/db';
import { describe, expect, it } from 'vitest';
import type { WorkflowRunStatus } from '../pipeline/index.ts';
import { buildCardSteps, estimateSecondsLeft } from './run-slack-updates.ts';

function status(steps: WorkflowRunStatus['steps'], progress: string | null = null): WorkflowRunStatus {
  return { state: 'running', progress, message: null, steps, failure: null, phase: 'Running', startedAt: null, finishedAt: null };
}

const step = (name: string, phase: string, progress?: string) =>
  ({ step: name, phase, nodeId: `n-${name}`, attempts: 1, message: null, exitCode: null, ...(progress ? { progress } : {}) }) as unknown as WorkflowRunStatus['steps'][number];

describe('the run card steps', () => {
  it('list every pipeline step in order, pending until the workflow says otherwise', () => {
    expect(buildCardSteps(null).map((entry) => `${entry.name}:${entry.phase}`)).toEqual([
      'checkout:pending',
      'dependencies:pending',
      'dataset:pending',
      'train:pending',
      'export:pending',
      'publish:pending',
    ]);
  });

  it("carry Argo's phases and the epochs of training", () => {
    const steps = buildCardSteps(status([step('checkout', 'Succeeded'), step('dependencies', 'Succeeded'), step('train', 'Running', '12/50')]));
    expect(steps.find((entry) => entry.name === 'checkout')?.phase).toBe('succeeded');
    expect(steps.find((entry) => entry.name === 'train')).toEqual({ name: 'train', phase: 'running', progress: { done: 12, total: 50 } });
    expect(steps.find((entry) => entry.name === 'export')?.phase).toBe('pending');
  });

  it('estimate the time left from the pace of the epochs so far', () => {
    const run = { startedAt: new Date('2026-11-29T10:00:00Z') } as RunRecord;
    const steps = buildCardSteps(status([step('train', 'Running', '10/50')]));
    expect(estimateSecondsLeft(run, steps, new Date('2026-11-29T10:05:00Z'))).toBe(1200);
    expect(estimateSecondsLeft({ startedAt: null } as RunRecord, steps, new Date())).toBeUndefined();
  });
});
