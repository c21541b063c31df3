import { describe, expect, it } from 'vitest';
import { buildRunWorkflowName } from './run-workflow-name.ts';

describe('buildRunWorkflowName', () => {
  const runId = '0b7e6a8e-1f7c-4a51-9a3e-2f1d6c0a9b11';

  it('names the workflow after the project and the whole run id', () => {
    expect(buildRunWorkflowName('pcb-defect', runId)).toBe(`pcb-defect-${runId}`);
  });

  it('cuts a long project name so the name stays within 63 characters and keeps the run id whole', () => {
    const name = buildRunWorkflowName('a-very-long-project-name-for-defects-on-boards', runId);
    expect(name).toBe(`a-very-long-project-name-f-${runId}`);
    expect(name.length).toBeLessThanOrEqual(63);
  });

  it('never ends the project part on a dash', () => {
    expect(buildRunWorkflowName('abcdefghijklmnopqrstuvwxy-z', runId)).toBe(`abcdefghijklmnopqrstuvwxy-${runId}`);
  });
});
