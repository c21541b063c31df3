import type { RunRecord } from '@trainops/db';
import { describe, expect, it } from 'vitest';
import type { WorkflowRunStatus } from '../pipeline/index.ts';
import { buildCardSteps, buildRunCardLinks, estimateSecondsLeft } from './run-slack-updates.ts';

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

describe('the run card links', () => {
  const run = { id: '0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47', workflowNamespace: 'argo', workflowName: 'pcb-defect-0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47' } as RunRecord;

  it('point at the run in the api and at its workflow in the Argo UI', () => {
    expect(buildRunCardLinks(run, { publicUrl: 'https://trainops.example.com', argoUiUrl: 'https://argo.example.com' })).toEqual({
      api: 'https://trainops.example.com/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47',
      argoUi: 'https://argo.example.com/workflows/argo/pcb-defect-0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47',
    });
  });

  it('leave the Argo link out without an Argo UI or before the run has a workflow', () => {
    expect(buildRunCardLinks(run, { publicUrl: 'http://127.0.0.1:8080' })).toEqual({ api: 'http://127.0.0.1:8080/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47' });
    const queued = { ...run, workflowNamespace: null, workflowName: null };
    expect(buildRunCardLinks(queued, { publicUrl: 'http://a', argoUiUrl: 'https://argo.example.com' })).toEqual({ api: 'http://a/api/v1/runs/0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47' });
  });
});
