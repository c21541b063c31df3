import type { Run } from '@trainops/contracts';

/** A complete, valid run; tests override what they are about. */
export function buildRunFixture(overrides: Partial<Run> = {}): Run {
  return {
    id: '0b8f4a2e-6c1d-4f7a-9e3b-2d5c8a1f0e47',
    project: 'pcb-defect',
    kind: 'train',
    trigger: 'slash',
    requester: 'U0123ABCD',
    params: { epochs: 50, imgsz: 640 },
    state: 'queued',
    progress: null,
    message: null,
    metrics: null,
    workflow: null,
    artifactsPrefix: null,
    slack: null,
    parentRunId: null,
    scheduleId: null,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}
